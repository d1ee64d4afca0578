using Coffer.Core.Access;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Access.Policies;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Replication.OperationTokens;

/// <summary>
/// Checks a batch DR operation token (spec/replication.md §6.6): an orphan batch token created ahead of time on the
/// primary, whose policies grant <c>update</c> on the DR operation's path. A DR secondary holds the primary's token
/// key and policies (replicated storage) but loads no token store or policy cache, so everything is read here from
/// storage through the barrier: the batch key decodes the token, the named policies are parsed afresh.
/// </summary>
internal sealed class BatchDrTokenAuthorizer(ISecureStorage storage, IClock clock)
{
    /// <summary>True when <paramref name="token"/> is a live batch token of this replication set granting update on <paramref name="path"/>.</summary>
    public async Task<bool> GrantsAsync(string token, string path, string? remoteAddress, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenGenerator.BatchPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var key = await storage.GetAsync(TokenStore.BatchKeyPath, cancellationToken);
        if (key is null)
        {
            return false;
        }
        TokenEntry? entry;
        using (var codec = new BatchTokenCodec(key))
        {
            entry = codec.Decode(token);
        }
        // Orphans only: a child batch token dies with its parent, whose liveness a passive secondary cannot check.
        if (entry is null || entry.HasExpired(clock.UtcNow) || !entry.IsOrphan || entry.NamespaceId != NamespaceEntry.RootId ||
            !BoundCidrs.Allows(entry.BoundCidrs, remoteAddress))
        {
            return false;
        }
        // A fresh store: no cache that replication could have left stale, and nothing the passive core must load.
        var acl = await new PolicyStore(storage).AclForAsync(NamespaceEntry.RootId, entry.Policies, cancellationToken);
        return acl.Check(path, Operation.Update).Allowed;
    }
}
