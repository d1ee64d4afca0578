using System.Diagnostics;
using Coffer.Core.Replication.Merkle;
using Coffer.Core.Replication.Wal;

namespace Coffer.Core.Replication.Streaming;

/// <summary>
/// A DR secondary's replication client (spec/replication.md §8.4): streams WALs from its last applied position,
/// falls back to merkle-diff and merkle-sync when the primary no longer holds that position, reconnects by itself
/// with backoff after any fault, and acknowledges its progress about once a second.
/// </summary>
public sealed class DrSecondaryReplicator : IAsyncDisposable
{
    public static readonly TimeSpan AckInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>A stream silent this long (several missed heartbeats) is taken for dead.</summary>
    public static readonly TimeSpan StreamIdleTimeout = WalShipper.HeartbeatInterval * 10;

    private readonly ReplicationLog _log;
    private readonly IReplicationUpstream _upstream;
    private readonly IClock _clock;
    private readonly ReplicationCounters _counters;
    private readonly Func<UpstreamLink, Task> _persistLink;
    private readonly string _apiAddress;
    private readonly string _clusterAddress;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _statusLock = new();
    private UpstreamLink _link;
    private Task? _streamLoop;
    private Task? _ackLoop;
    private string _state = ReplicationStates.Idle;
    private string _connectionState = ReplicationStates.ConnectionIdle;
    private PrimaryLinkStatus _primary = PrimaryLinkStatus.None;

    public DrSecondaryReplicator(ReplicationLog log, IReplicationUpstream upstream, UpstreamLink link, IClock clock, ReplicationCounters counters,
        Func<UpstreamLink, Task> persistLink, string apiAddress, string clusterAddress)
    {
        _log = log;
        _upstream = upstream;
        _link = link;
        _clock = clock;
        _counters = counters;
        _persistLink = persistLink;
        _apiAddress = apiAddress;
        _clusterAddress = clusterAddress;
    }

    /// <summary><c>stream-wals</c>, <c>merkle-diff</c>, <c>merkle-sync</c> or <c>idle</c> (spec §5.2).</summary>
    public string State => Volatile.Read(ref _state);

    /// <summary>gRPC-style channel state (spec §5.3): <c>idle</c>, <c>connecting</c>, <c>ready</c>, <c>transient_failure</c>, <c>shutdown</c>.</summary>
    public string ConnectionState => Volatile.Read(ref _connectionState);

    public UpstreamLink Link => Volatile.Read(ref _link);

    public DateTimeOffset LastStart { get; private set; }

    public PrimaryLinkStatus Primary
    {
        get
        {
            lock (_statusLock)
            {
                return _primary;
            }
        }
    }

    public ApplyLagHistogram Lag { get; } = new();

    /// <summary>The last fault, for the operator's log; never holds secret material.</summary>
    public string? LastError { get; private set; }

    public void Start()
    {
        LastStart = _clock.UtcNow;
        _streamLoop = Task.Run(() => StreamLoopAsync(_stop.Token));
        _ackLoop = Task.Run(() => AckLoopAsync(_stop.Token));
    }

    /// <summary>The canary age now: time since the newest heartbeat applied here was sent, on the primary's clock.</summary>
    public long CanaryAgeMs()
    {
        var primary = Primary;
        return primary.LastCanaryUnixMs is { } canary
            ? Math.Max(0, _clock.UtcNow.ToUnixTimeMilliseconds() + primary.ClockSkewMs - canary)
            : -1;
    }

    private async Task StreamLoopAsync(CancellationToken stop)
    {
        var backoff = MinBackoff;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                SetConnectionState(ReplicationStates.Connecting);
                var mustDiff = await StreamOnceAsync(stop);
                backoff = MinBackoff;
                if (mustDiff)
                {
                    await CatchUpAsync(stop);
                    continue;
                }
                // The primary ended the stream cleanly (it restarted, demoted or dropped us): reconnect after a pause.
                LastError = "the primary closed the stream";
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LastError = e is CofferError error ? error.Message : e.GetType().Name + ": " + e.Message;
            }
            if (ConnectionState == ReplicationStates.Ready)
            {
                // The stream was up, so this fault starts a new series: without this, every blip of a healthy link
                // doubled the pause until each one cost MaxBackoff.
                backoff = MinBackoff;
            }
            SetConnectionState(ReplicationStates.TransientFailure);
            SetState(ReplicationStates.Idle);
            _counters.RecordReconnect();
            try
            {
                await Task.Delay(Jitter(backoff), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
        SetConnectionState(ReplicationStates.Shutdown);
        SetState(ReplicationStates.Idle);
    }

    /// <summary>One stream from open to end; true when the primary answered that only a merkle diff can help.</summary>
    private async Task<bool> StreamOnceAsync(CancellationToken stop)
    {
        var link = Link;
        if (link.HistoryId == "")
        {
            return true;
        }
        await using var stream = await _upstream.OpenWalStreamAsync(_log.LastRemoteIndex, link.HistoryId, stop);
        SetConnectionState(ReplicationStates.Ready);
        SetState(ReplicationStates.StreamWals);
        var reader = new ReplicationFrameReader(stream);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
        while (true)
        {
            idle.CancelAfter(StreamIdleTimeout);
            ReplicationFrame? frame;
            try
            {
                frame = await reader.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                throw new TimeoutException("the primary sent nothing, not even a heartbeat, for " + StreamIdleTimeout.TotalSeconds + " s");
            }
            if (frame is null)
            {
                break;
            }
            switch (frame.Type)
            {
                case ReplicationFrameType.WalBatch:
                    await ApplyAsync(ReplicationFrameReader.DecodeWalBatch(frame.Payload.Span), frame.Payload.Length, stop);
                    break;
                case ReplicationFrameType.Heartbeat:
                    OnHeartbeat(Heartbeat.Parse(frame.Payload.Span));
                    break;
                case ReplicationFrameType.NotRetained:
                    return true;
                default:
                    throw new InvalidDataException($"unexpected frame {frame.Type} on a WAL stream");
            }
        }
        return false;
    }

    private async Task ApplyAsync(IReadOnlyList<WalRecord> records, int bytes, CancellationToken stop)
    {
        // Enqueued in order without waiting in between, so the log folds them into few commits.
        var applying = new Task<bool>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            applying[i] = _log.ApplyUpstreamAsync(records[i], WalFilter.Dr, stop);
        }
        await Task.WhenAll(applying);
        var skew = Primary.ClockSkewMs;
        var now = _clock.UtcNow.ToUnixTimeMilliseconds() + skew;
        foreach (var record in records)
        {
            Lag.Observe(now - record.TimestampUnixMs);
        }
        _counters.RecordApplied(records.Count, bytes);
    }

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        lock (_statusLock)
        {
            _primary = _primary with
            {
                LastCanaryUnixMs = heartbeat.PrimaryUnixMs,
                ApiAddress = heartbeat.ApiAddress,
                KnownClusterAddresses = heartbeat.ClusterAddresses,
                LastHeartbeat = _clock.UtcNow,
            };
        }
    }

    private async Task CatchUpAsync(CancellationToken stop)
    {
        SetState(ReplicationStates.MerkleDiff);
        var diffWatch = Stopwatch.StartNew();
        var syncWatch = new Stopwatch();
        var diffTime = TimeSpan.Zero;
        var result = await MerkleCatchUp.RunAsync(_upstream.Merkle, _log, _log.Classifier, onSync: () =>
        {
            diffTime = diffWatch.Elapsed;
            syncWatch.Start();
            SetState(ReplicationStates.MerkleSync);
        }, cancellationToken: stop);
        // The number of differing buckets is known only from the result.
        _counters.RecordMerkleDiff(diffTime, result.DifferingBuckets);
        _counters.RecordMerkleSync(syncWatch.Elapsed, result.FetchedKeys.Count + result.DeletedKeys.Count);
        var updated = Link with { HistoryId = result.HistoryId };
        await _persistLink(updated);
        Volatile.Write(ref _link, updated);
    }

    private async Task AckLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var primary = Primary;
                var ack = new SecondaryAck(_log.LastRemoteIndex, _apiAddress, _clusterAddress, primary.HeartbeatRttMs, primary.ClockSkewMs, CanaryAgeMs());
                var sent = _clock.UtcNow;
                var reply = await _upstream.AcknowledgeAsync(ack, stop);
                var received = _clock.UtcNow;
                var rtt = (received - sent).TotalMilliseconds;
                // The primary read its clock about halfway through the round trip.
                var skew = (long)Math.Round((reply.ServerTime - (sent + (received - sent) / 2)).TotalMilliseconds);
                lock (_statusLock)
                {
                    _primary = _primary with { HeartbeatRttMs = (long)Math.Round(rtt), ClockSkewMs = skew, LastHeartbeat = received, Connected = true };
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                lock (_statusLock)
                {
                    _primary = _primary with { Connected = false };
                }
            }
            try
            {
                await Task.Delay(AckInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void SetState(string state) => Volatile.Write(ref _state, state);

    private void SetConnectionState(string state) => Volatile.Write(ref _connectionState, state);

    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.75 + Random.Shared.NextDouble() / 2);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var loop in new[] { _streamLoop, _ackLoop })
        {
            if (loop is not null)
            {
                try
                {
                    await loop;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        await _upstream.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>What a secondary knows of its primary's link (spec/replication.md §2.3, <c>primaries[]</c>).</summary>
public sealed record PrimaryLinkStatus(bool Connected, DateTimeOffset? LastHeartbeat, long HeartbeatRttMs, long ClockSkewMs, long? LastCanaryUnixMs,
    string ApiAddress, IReadOnlyList<string> KnownClusterAddresses)
{
    public static readonly PrimaryLinkStatus None = new(false, null, 0, 0, null, "", []);
}
