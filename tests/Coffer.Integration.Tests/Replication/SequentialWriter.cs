using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Replication;

/// <summary>
/// A client load for DR drills: writes <c>secret/load/k1</c>, <c>k2</c>, … (KV v2 at <c>secret/</c>) one after the
/// other and records which writes the server acknowledged (answered 2xx). A write that failed or got no answer is
/// not acknowledged: it may or may not have been applied. Either it stops at the first failure (a primary that
/// dies) or keeps going with the next key after a short pause (a primary that comes back).
/// </summary>
public sealed class SequentialWriter : IAsyncDisposable
{
    public const string Folder = "load";

    private readonly HttpClient _client;
    private readonly bool _stopAtFirstFailure;
    private readonly TimeSpan _pause;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private readonly SortedSet<int> _acknowledged = [];
    private int _attempted;
    private Task _loop = Task.CompletedTask;

    private SequentialWriter(string address, string token, bool stopAtFirstFailure, TimeSpan pause)
    {
        _client = TestHttp.Client(address, token);
        _client.Timeout = TimeSpan.FromSeconds(5);
        _stopAtFirstFailure = stopAtFirstFailure;
        _pause = pause;
    }

    /// <summary>Starts writing in the background; <paramref name="pause"/> spaces the writes (zero: as fast as answered).</summary>
    public static SequentialWriter Start(DrCluster cluster, string token, bool stopAtFirstFailure, TimeSpan pause = default)
    {
        var writer = new SequentialWriter(cluster.Address, token, stopAtFirstFailure, pause);
        writer._loop = Task.Run(writer.RunAsync);
        return writer;
    }

    public static string Key(int n) => $"k{n}";

    /// <summary>Writes sent so far, acknowledged or not; the key of the last one may exist without an acknowledgement.</summary>
    public int Attempted => Volatile.Read(ref _attempted);

    /// <summary>How many writes the server acknowledged.</summary>
    public int AcknowledgedCount
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged.Count;
            }
        }
    }

    public IReadOnlyList<int> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledged];
            }
        }
    }

    /// <summary>The failure that ended the loop (with <c>stopAtFirstFailure</c>), else null.</summary>
    public string? StoppedBy { get; private set; }

    public bool IsRunning => !_loop.IsCompleted;

    /// <summary>Waits until at least <paramref name="count"/> writes were acknowledged; fails if the writer stopped first.</summary>
    public async Task WaitForAcknowledgedAsync(int count, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (AcknowledgedCount < count)
        {
            Assert.True(IsRunning, $"the writer stopped after {AcknowledgedCount} acknowledged writes: {StoppedBy}");
            Assert.True(DateTime.UtcNow < deadline, $"only {AcknowledgedCount} of {count} writes acknowledged in {seconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the loop and waits for the write in flight to finish.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task RunAsync()
    {
        for (var n = 1; !_stop.IsCancellationRequested; n++)
        {
            Interlocked.Exchange(ref _attempted, n);
            var body = new JsonObject { ["data"] = new JsonObject { ["n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            string? failure;
            try
            {
                // Not cancelled by StopAsync: a write is either answered or fails on its own, never abandoned half-way.
                using var response = await _client.PostAsync($"/v1/secret/data/{Folder}/{Key(n)}", TestHttp.Json(body.ToJsonString()));
                failure = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.GetType().Name + ": " + e.Message;
            }
            if (failure is null)
            {
                lock (_lock)
                {
                    _acknowledged.Add(n);
                }
            }
            else if (_stopAtFirstFailure)
            {
                StoppedBy = $"write {n}: {failure}";
                return;
            }
            if (_pause > TimeSpan.Zero || failure is not null)
            {
                try
                {
                    await Task.Delay(failure is null ? _pause : TimeSpan.FromMilliseconds(100), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The numbers n of the keys <c>secret/load/kn</c> present on <paramref name="cluster"/>, read with <paramref name="token"/>.</summary>
    public static async Task<SortedSet<int>> PresentKeysAsync(DrCluster cluster, string token)
    {
        using var client = TestHttp.Client(cluster.Address, token);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod("LIST"), $"/v1/secret/metadata/{Folder}/"));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }
        Assert.True(response.IsSuccessStatusCode, $"LIST secret/metadata/{Folder}/ on {cluster.Address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var keys = (await TestHttp.ReadJsonAsync(response))["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        return new SortedSet<int>(keys.Select(k => int.Parse(k[1..], System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Reads key <c>kn</c> back and checks it holds what the writer wrote.</summary>
    public static async Task AssertValueAsync(DrCluster cluster, string token, int n)
    {
        using var client = TestHttp.Client(cluster.Address, token);
        using var response = await client.GetAsync($"/v1/secret/data/{Folder}/{Key(n)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"read of {Folder}/{Key(n)} on {cluster.Address}: {(int)response.StatusCode} {text}");
        Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonNode.Parse(text)!["data"]!["data"]!["n"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Disposal after a failed assertion: the test already reports what went wrong.
        }
        _client.Dispose();
        _stop.Dispose();
    }
}
