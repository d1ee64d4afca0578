using System.Text.Json;

namespace Coffer.Bench.Workloads;

/// <summary>transit_decrypt: decrypts one ciphertext, produced during setup, over and over.</summary>
public sealed class TransitDecryptTest : BenchTest
{
    private readonly WorkloadSettings _settings;
    private readonly Uri _decrypt;
    private byte[]? _body;

    public TransitDecryptTest(string name, WorkloadSettings settings)
        : base(name, settings.Address)
    {
        _settings = settings;
        _decrypt = VaultPaths.Api(settings.Address, $"{settings.TransitMount}/decrypt/{TransitKey.Name}");
    }

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"[{Name}] setup: creating key {TransitKey.Name} on {_settings.TransitMount}/ and a ciphertext");
        await MountSetup.EnsureAsync(context, _settings.Address, _settings.TransitMount, "transit", null, cancellationToken);
        await TransitKey.EnsureAsync(context, _settings, cancellationToken);

        var encrypt = VaultPaths.Api(_settings.Address, $"{_settings.TransitMount}/encrypt/{TransitKey.Name}");
        var plaintext = System.Text.Encoding.ASCII.GetBytes(Payload.Text(_settings.PayloadBytes));
        var response = await SetupRequests.SendAsync(
            context.Client, HttpMethod.Post, encrypt, JsonBodies.TransitEncrypt(plaintext), "encrypting the test plaintext", cancellationToken);
        _body = JsonBodies.TransitDecrypt(ReadCiphertext(response));
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _decrypt, _body, "probe decrypt", cancellationToken);
    }

    public override HttpRequestMessage CreateRequest(Random random) =>
        JsonBodies.Request(HttpMethod.Post, _decrypt, _body ?? throw new InvalidOperationException("setup has not run"));

    private static string ReadCiphertext(string response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response);
            if (doc.RootElement.TryGetProperty("data", out var data) &&
                data.ValueKind == JsonValueKind.Object &&
                data.TryGetProperty("ciphertext", out var ciphertext) &&
                ciphertext.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Reported below together with the missing-field case.
        }

        throw new SetupException("encrypting the test plaintext: response has no data.ciphertext");
    }
}
