using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// Watches a DR secondary follow its primary under a <see cref="SequentialWriter"/> load and records the moments it
/// was seen caught up: it notes the writes acknowledged so far, then the primary's <c>last_wal</c> (which therefore
/// covers all of them), then waits for the secondary's <c>last_remote_wal</c> to reach it. When it does, every one
/// of those writes is applied on the secondary, whatever happens to the primary afterwards.
/// </summary>
public sealed class CatchUpObserver : IAsyncDisposable
{
    private readonly DrCluster _primary;
    private readonly DrCluster _secondary;
    private readonly SequentialWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private IReadOnlyList<int> _caughtUp = [];

    private CatchUpObserver(DrCluster primary, DrCluster secondary, SequentialWriter writer)
    {
        _primary = primary;
        _secondary = secondary;
        _writer = writer;
    }

    public static CatchUpObserver Start(DrCluster primary, DrCluster secondary, SequentialWriter writer)
    {
        var observer = new CatchUpObserver(primary, secondary, writer);
        observer._loop = Task.Run(observer.RunAsync);
        return observer;
    }

    /// <summary>The acknowledged writes of the last moment the secondary was seen caught up with them.</summary>
    public IReadOnlyList<int> CaughtUpWith => Volatile.Read(ref _caughtUp);

    /// <summary>How many times the secondary was seen caught up.</summary>
    public int Observations { get; private set; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var acknowledged = _writer.Acknowledged;
            ulong primaryLastWal;
            try
            {
                primaryLastWal = (await _primary.DrStatusAsync())["last_wal"]!.GetValue<ulong>();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The primary is down: nothing more to observe until it answers again.
                await PauseAsync(100);
                continue;
            }
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!_stop.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                JsonObject status;
                try
                {
                    status = await _secondary.DrStatusAsync();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    await PauseAsync(100);
                    continue;
                }
                if (status["last_remote_wal"] is JsonValue remote && remote.GetValue<ulong>() >= primaryLastWal)
                {
                    Volatile.Write(ref _caughtUp, acknowledged);
                    Observations++;
                    break;
                }
                await PauseAsync(20);
            }
        }
    }

    private async Task PauseAsync(int milliseconds)
    {
        try
        {
            await Task.Delay(milliseconds, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _loop;
        _stop.Dispose();
    }
}
