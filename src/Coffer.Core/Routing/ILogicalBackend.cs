namespace Coffer.Core.Routing;

/// <summary>
/// An engine mounted at a path. It receives requests with <see cref="Request.MountRelativePath"/> set and
/// returns data or throws <see cref="CofferError"/>; null means "nothing here" (404 on read, 204 on write).
/// </summary>
public interface ILogicalBackend
{
    Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken);

    /// <summary>Paths below the mount that need no client token (login endpoints, status pages).</summary>
    bool IsUnauthenticated(string relativePath) => false;
}
