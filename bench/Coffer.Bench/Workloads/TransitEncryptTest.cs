namespace Coffer.Bench.Workloads;

/// <summary>transit_encrypt: encrypts a <c>payload</c>-byte plaintext with an aes256-gcm96 key.</summary>
public sealed class TransitEncryptTest : BenchTest
{
    private readonly WorkloadSettings _settings;
    private readonly Uri _encrypt;
    private readonly byte[] _body;

    public TransitEncryptTest(string name, WorkloadSettings settings)
        : base(name, settings.Address)
    {
        _settings = settings;
        _encrypt = VaultPaths.Api(settings.Address, $"{settings.TransitMount}/encrypt/{TransitKey.Name}");
        _body = JsonBodies.TransitEncrypt(System.Text.Encoding.ASCII.GetBytes(Payload.Text(settings.PayloadBytes)));
    }

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"[{Name}] setup: creating key {TransitKey.Name} on {_settings.TransitMount}/");
        await MountSetup.EnsureAsync(context, _settings.Address, _settings.TransitMount, "transit", null, cancellationToken);
        await TransitKey.EnsureAsync(context, _settings, cancellationToken);
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _encrypt, _body, "probe encrypt", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) =>
        JsonBodies.Request(HttpMethod.Post, _encrypt, _body);
}
