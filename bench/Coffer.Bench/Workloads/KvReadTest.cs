namespace Coffer.Bench.Workloads;

/// <summary>
/// kv_read / kvv2_read: setup writes <c>keys</c> secrets under <c>bench/read/</c>, the timed
/// phase reads random ones. Only 200 counts: a 404 would mean the data is not there.
/// </summary>
public sealed class KvReadTest : BenchTest
{
    private readonly WorkloadSettings _settings;
    private readonly int _kvVersion;
    private readonly Uri[] _secrets;

    private readonly string _mount;

    public KvReadTest(string name, WorkloadSettings settings, int kvVersion, string mount)
        : base(name, settings.Address)
    {
        _settings = settings;
        _kvVersion = kvVersion;
        _mount = mount;
        _secrets = VaultPaths.KvSecrets(settings.Address, mount, kvVersion, "bench/read", settings.Keys);
    }

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        await MountSetup.EnsureAsync(context, _settings.Address, _mount, "kv", _kvVersion, cancellationToken);
        var body = JsonBodies.KvSecret(_kvVersion, Payload.Text(_settings.PayloadBytes));
        context.Log.WriteLine(
            $"[{Name}] setup: writing {_secrets.Length} secrets of {_settings.PayloadBytes} bytes under {_mount}/ (kv v{_kvVersion})");

        // The first write runs alone so a dead server yields one clear error, not one per key.
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _secrets[0], body, "writing the first secret", cancellationToken);
        var options = new ParallelOptions { MaxDegreeOfParallelism = context.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(1, _secrets.Length - 1), options, async (i, ct) =>
            await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _secrets[i], body, $"writing secret {i}", ct));

        // Read one back so a wrong mount or KV version fails here rather than as a 0% success run.
        await SetupRequests.SendAsync(context.Client, HttpMethod.Get, _secrets[0], null, "reading back the first secret", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) =>
        new(HttpMethod.Get, _secrets[random.Next(_secrets.Length)]);

    public override bool IsSuccess(int statusCode) => statusCode == 200;
}
