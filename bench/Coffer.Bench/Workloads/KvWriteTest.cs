namespace Coffer.Bench.Workloads;

/// <summary>
/// kv_write / kvv2_write: overwrites random keys under <c>bench/write/</c> with a
/// <c>payload</c>-byte value. Any 2xx counts (KV v1 answers 204, v2 answers 200).
/// </summary>
public sealed class KvWriteTest : BenchTest
{
    private readonly WorkloadSettings _settings;
    private readonly int _kvVersion;
    private readonly Uri[] _secrets;
    private readonly byte[] _body;

    private readonly string _mount;

    public KvWriteTest(string name, WorkloadSettings settings, int kvVersion, string mount)
        : base(name, settings.Address)
    {
        _settings = settings;
        _kvVersion = kvVersion;
        _mount = mount;
        _secrets = VaultPaths.KvSecrets(settings.Address, mount, kvVersion, "bench/write", settings.Keys);
        _body = JsonBodies.KvSecret(kvVersion, Payload.Text(settings.PayloadBytes));
    }

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        await MountSetup.EnsureAsync(context, _settings.Address, _mount, "kv", _kvVersion, cancellationToken);
        context.Log.WriteLine(
            $"[{Name}] setup: checking that {_mount}/ accepts writes (kv v{_kvVersion}, {_settings.Keys} keys, {_settings.PayloadBytes} bytes)");
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _secrets[0], _body, "probe write", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) =>
        JsonBodies.Request(HttpMethod.Post, _secrets[random.Next(_secrets.Length)], _body);
}
