using System.Net;

namespace Coffer.Core;

/// <summary>
/// A failure the client should see, with the HTTP status Vault uses for it. Handlers throw these; the HTTP layer
/// turns them into <c>{"errors":[...]}</c>.
/// </summary>
public sealed class CofferError : Exception
{
    public CofferError(HttpStatusCode status, params string[] errors)
        : base(errors.Length > 0 ? errors[0] : status.ToString())
    {
        Status = status;
        Errors = errors;
    }

    public HttpStatusCode Status { get; }
    public IReadOnlyList<string> Errors { get; }

    public static CofferError BadRequest(string message) => new(HttpStatusCode.BadRequest, message);
    public static CofferError PermissionDenied() => new(HttpStatusCode.Forbidden, "permission denied");
    public static CofferError NotFound(string message) => new(HttpStatusCode.NotFound, message);
    public static CofferError Sealed() => new(HttpStatusCode.ServiceUnavailable, "Vault is sealed");
    public static CofferError UnsupportedOperation() => new(HttpStatusCode.MethodNotAllowed, "unsupported operation");
    public static CofferError UnsupportedPath(string path) =>
        new(HttpStatusCode.NotFound, $"no handler for route \"{path}\". route entry not found.");
}
