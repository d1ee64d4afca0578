namespace Coffer.Core.Replication.Merkle;

/// <summary>
/// The primary as catch-up sees it. In-process (<see cref="LocalMerklePeer"/>) for tests; over the cluster port
/// (plain request/response calls, DESIGN.md §4.2) in the server.
/// </summary>
public interface IMerklePeer
{
    /// <summary>The primary's WAL position, then its merkle state (in that order, so streaming from the position replays anything newer).</summary>
    Task<MerklePeerState> StateAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MerkleLeaf>> LeavesAsync(string treeId, IReadOnlySet<int> buckets, CancellationToken cancellationToken = default);

    /// <summary>Current ciphertext of each key; null for a key deleted since it was listed.</summary>
    Task<IReadOnlyList<KeyValuePair<string, byte[]?>>> FetchAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default);
}

/// <param name="HistoryId">The WAL history <paramref name="LastIndex"/> counts in (empty when the peer does not say).</param>
public sealed record MerklePeerState(ulong LastIndex, MerkleSnapshot Snapshot, string HistoryId = "");
