using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// The DR primary's side of a stream (DESIGN.md §4.2): serves bootstrap snapshots and WAL streams to secondaries
/// whose certificate the cluster port already checked. A stream sends what the WAL holds after the secondary's
/// position in frames of many records, flushes at once when idle, and sends a heartbeat at least every
/// <see cref="HeartbeatInterval"/>; a position the WAL no longer holds gets <see cref="ReplicationFrameType.NotRetained"/>.
/// </summary>
public sealed class WalShipper(CofferCore core, ReplicationLog log)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    private const int MaxRecordsPerFrame = 512;
    private const long MaxBytesPerFrame = 4 * 1024 * 1024;
    private const int MaxEntriesPerPage = 2048;
    private const long MaxBytesPerPage = 2 * 1024 * 1024;

    public ConnectedSecondaries Secondaries { get; } = new(core.Clock);

    /// <summary>The id of this cluster's WAL history: positions are only meaningful against the log that issued them.</summary>
    public string HistoryId => core.Cluster?.Id ?? throw CofferError.Sealed();

    /// <summary>
    /// Streams WAL records after <paramref name="afterIndex"/> until the request ends or the secondary is cut off.
    /// <paramref name="historyId"/> is the history the secondary's position belongs to; another one (a new primary
    /// after failover) cannot be streamed from, so the secondary is sent to merkle diff.
    /// </summary>
    public async Task StreamAsync(string secondaryId, ulong afterIndex, string historyId, Stream output, CancellationToken requestAborted)
    {
        RequirePrimary();
        using var lease = Secondaries.Open(secondaryId, requestAborted);
        var cancellationToken = lease.Token;
        var writer = new ReplicationFrameWriter(output);
        if (historyId != HistoryId)
        {
            core.ReplicationCounters.RecordStreamStart(guardFound: false);
            await writer.WriteAsync(ReplicationFrameType.NotRetained, ReadOnlyMemory<byte>.Empty, cancellationToken);
            return;
        }
        var next = afterIndex;
        var first = true;
        var lastHeartbeat = DateTimeOffset.MinValue;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                RequirePrimary();
                var read = await log.ReadFromAsync(next, MaxRecordsPerFrame, MaxBytesPerFrame, cancellationToken);
                if (read.NotRetained)
                {
                    if (first)
                    {
                        core.ReplicationCounters.RecordStreamStart(guardFound: false);
                    }
                    await writer.WriteAsync(ReplicationFrameType.NotRetained, ReadOnlyMemory<byte>.Empty, cancellationToken);
                    return;
                }
                if (first)
                {
                    core.ReplicationCounters.RecordStreamStart(guardFound: true);
                    first = false;
                }
                if (read.Records.Count > 0)
                {
                    var bytes = await writer.WriteWalBatchAsync(read.Records, cancellationToken);
                    next = read.Records[^1].Index;
                    core.ReplicationCounters.RecordShipped(secondaryId, read.Records.Count, bytes);
                    Secondaries.RecordShipped(secondaryId, next);
                }
                var now = core.Clock.UtcNow;
                if (now - lastHeartbeat >= HeartbeatInterval)
                {
                    await writer.WriteJsonAsync(ReplicationFrameType.Heartbeat, CurrentHeartbeat().ToJson(), cancellationToken);
                    lastHeartbeat = now;
                }
                if (read.Records.Count == 0 || next >= log.LastIndex)
                {
                    await WaitForWritesAsync(next + 1, lastHeartbeat + HeartbeatInterval - core.Clock.UtcNow, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The secondary went away or was cut off: the stream simply ends.
        }
    }

    /// <summary>
    /// Sends a bootstrap snapshot: the key material a secondary needs to read the data (it will be unsealed with
    /// this cluster's keys from then on, spec/replication.md §6.4), then every Replicated and DrOnly entry as
    /// ciphertext. The position is taken before the scan, so streaming from it replays anything the scan raced.
    /// </summary>
    public async Task BootstrapAsync(string secondaryId, string activationToken, Stream output, CancellationToken cancellationToken)
    {
        var state = RequirePrimary();
        var claims = state.DrSigningKey is null ? null : ActivationToken.Verify(activationToken, state.DrSigningKey, core.Clock.UtcNow);
        if (claims is null || claims["id"]?.GetValue<string>() != secondaryId || claims["cluster_id"]?.GetValue<string>() != state.DrClusterId ||
            state.FindDrSecondary(secondaryId) is not { IsRevoked: false })
        {
            throw new CofferError(System.Net.HttpStatusCode.Forbidden, "activation token is invalid, expired or revoked");
        }
        var writer = new ReplicationFrameWriter(output);
        var position = log.LastIndex;
        var rootKey = core.Barrier.ExportRootKey();
        try
        {
            await writer.WriteJsonAsync(ReplicationFrameType.BootstrapHeader, new JsonObject
            {
                ["root_key"] = Convert.ToBase64String(rootKey),
                ["resume_index"] = position,
                ["history_id"] = HistoryId,
                ["dr_cluster_id"] = state.DrClusterId,
            }, cancellationToken);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(rootKey);
        }
        var page = new List<KeyValuePair<string, byte[]?>>();
        long pageBytes = 0;
        await foreach (var (key, value) in Merkle.StorageScan.EntriesAsync(log, "", Merkle.StorageScan.PastLocalFolders, cancellationToken))
        {
            if (log.Classifier.Classify(key) == KeyClass.Local)
            {
                continue;
            }
            page.Add(KeyValuePair.Create(key, (byte[]?)value));
            pageBytes += key.Length + value.Length;
            if (page.Count >= MaxEntriesPerPage || pageBytes >= MaxBytesPerPage)
            {
                await writer.WriteEntriesAsync(page, cancellationToken);
                page.Clear();
                pageBytes = 0;
            }
        }
        if (page.Count > 0)
        {
            await writer.WriteEntriesAsync(page, cancellationToken);
        }
        await writer.WriteAsync(ReplicationFrameType.BootstrapEnd, ReadOnlyMemory<byte>.Empty, cancellationToken);
    }

    /// <summary>Records a secondary's acknowledgement; returns this node's clock for its skew estimate.</summary>
    public DateTimeOffset Acknowledge(string secondaryId, SecondaryAck ack)
    {
        RequirePrimary();
        Secondaries.RecordAck(secondaryId, ack);
        return core.Clock.UtcNow;
    }

    /// <summary>
    /// How far behind each of <paramref name="secondaryIds"/> is, from its last acknowledgement: in WAL entries, and
    /// in milliseconds as the age of the oldest write it has not applied (0 when caught up; null when that record
    /// is no longer retained here).
    /// </summary>
    public async Task<IReadOnlyList<SecondaryLag>> LagsAsync(IEnumerable<string> secondaryIds, CancellationToken cancellationToken = default)
    {
        var lastIndex = log.LastIndex;
        var now = core.Clock.UtcNow;
        var lags = new List<SecondaryLag>();
        foreach (var id in secondaryIds)
        {
            var view = Secondaries.Find(id);
            var applied = view?.Ack?.AppliedIndex ?? 0;
            var entries = lastIndex > applied ? lastIndex - applied : 0;
            long? ms = 0;
            if (entries > 0)
            {
                ms = await log.RecordTimestampAsync(applied + 1, cancellationToken) is { } oldest
                    ? Math.Max(0, now.ToUnixTimeMilliseconds() - oldest)
                    : null;
            }
            lags.Add(new SecondaryLag(id, view, entries, ms, view?.LastHeartbeat is { } beat ? (long)(now - beat).TotalMilliseconds : null));
        }
        return lags;
    }

    public Heartbeat CurrentHeartbeat()
    {
        var addr = core.ReplicationRoles.State.PrimaryClusterAddr is { Length: > 0 } configured ? configured : core.Options.ClusterAddress;
        return new Heartbeat(core.Clock.UtcNow.ToUnixTimeMilliseconds(), log.LastIndex, core.Options.ApiAddress ?? "",
            string.IsNullOrEmpty(addr) ? [] : [addr]);
    }

    private async Task WaitForWritesAsync(ulong index, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (maxWait <= TimeSpan.Zero)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        try
        {
            await log.WaitForIndexAsync(index, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Time for a heartbeat.
        }
    }

    private ReplicationRoleState RequirePrimary()
    {
        var state = core.ReplicationRoles.State;
        return state.DrMode == ReplicationRoleState.Primary && !core.IsSealed
            ? state
            : throw CofferError.BadRequest("this cluster is not a DR primary");
    }
}
