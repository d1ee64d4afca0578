using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Access;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Cubbyhole;

/// <summary>
/// A private key/value space per token: each token sees only its own entries, and they are destroyed with the
/// token. Entries are keyed by the token's salted hash, so the token itself never appears in a storage path.
/// </summary>
public sealed class CubbyholeBackend(ISecureStorage storage) : ILogicalBackend
{
    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var own = StorageFor(request.Token ?? throw CofferError.PermissionDenied());
        var path = request.MountRelativePath;
        switch (request.Operation)
        {
            case Operation.List:
                return Response.ListOf(await own.ListAsync(path, cancellationToken));
            case Operation.Read:
                RequirePath(path);
                var stored = await own.GetAsync(path, cancellationToken);
                return stored is null ? null : Response.WithData(JsonNode.Parse(stored)!.AsObject());
            case Operation.Create or Operation.Update:
                RequirePath(path);
                if (request.Data.Count == 0)
                {
                    throw CofferError.BadRequest("missing data fields");
                }
                await own.PutAsync(path, JsonSerializer.SerializeToUtf8Bytes(request.Data), cancellationToken);
                return null;
            case Operation.Delete:
                RequirePath(path);
                await own.DeleteAsync(path, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) =>
        request.Token is not null && await StorageFor(request.Token).GetAsync(request.MountRelativePath, cancellationToken) is not null;

    /// <summary>The cubbyhole of one token, for the core's own use (response wrapping writes into it).</summary>
    public ISecureStorage StorageFor(TokenEntry token)
    {
        if (string.IsNullOrEmpty(token.HashedId))
        {
            throw CofferError.BadRequest("cubbyhole is not available to batch tokens");
        }
        return new StorageView(storage, token.HashedId + "/");
    }

    /// <summary>Removes everything a revoked token kept here.</summary>
    public async Task DestroyAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token.HashedId))
        {
            return;
        }
        var own = StorageFor(token);
        var keys = await own.ListRecursiveAsync("", cancellationToken);
        if (keys.Count > 0)
        {
            await own.CommitAsync(keys.Select(SecureOperation.Delete).ToList(), cancellationToken);
        }
    }

    private static void RequirePath(string path)
    {
        if (path.Length == 0 || path.EndsWith('/'))
        {
            throw CofferError.BadRequest("missing path");
        }
    }
}
