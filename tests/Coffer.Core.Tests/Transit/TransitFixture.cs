using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Engines.Transit;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Transit;

/// <summary>A transit engine over a real, unsealed barrier, plus helpers that speak its request shapes.</summary>
public sealed class TransitFixture
{
    public required TransitBackend Backend { get; init; }
    public required InMemPhysical Physical { get; init; }
    public required string Prefix { get; init; }

    /// <summary>The engine's storage view, for a second engine over the same data.</summary>
    public required ISecureStorage Storage { get; init; }

    public static async Task<TransitFixture> StartAsync()
    {
        var physical = new InMemPhysical();
        var barrier = new AesGcmBarrier(physical, SystemClock.Instance);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        await barrier.UnsealAsync(rootKey);
        var prefix = $"logical/{Guid.NewGuid()}/";
        var storage = new StorageView(barrier, prefix);
        return new TransitFixture { Backend = new TransitBackend(storage), Physical = physical, Prefix = prefix, Storage = storage };
    }

    public Task<Response?> SendAsync(Operation operation, string path, string? json = null) =>
        Backend.HandleAsync(new Request
        {
            Operation = operation,
            Path = "transit/" + path,
            MountRelativePath = path,
            Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
        }, default);

    public async Task<JsonObject> WriteAsync(string path, string json = "{}", Operation operation = Operation.Update) =>
        (await SendAsync(operation, path, json))!.Data!;

    public async Task<string> EncryptAsync(string key, string plaintext, string? context = null)
    {
        var body = new JsonObject { ["plaintext"] = B64(plaintext) };
        if (context is not null)
        {
            body["context"] = B64(context);
        }
        return (await WriteAsync("encrypt/" + key, body.ToJsonString()))["ciphertext"]!.GetValue<string>();
    }

    public async Task<string> DecryptAsync(string key, string ciphertext, string? context = null)
    {
        var body = new JsonObject { ["ciphertext"] = ciphertext };
        if (context is not null)
        {
            body["context"] = B64(context);
        }
        var plaintext = (await WriteAsync("decrypt/" + key, body.ToJsonString()))["plaintext"]!.GetValue<string>();
        return Encoding.UTF8.GetString(Convert.FromBase64String(plaintext));
    }

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
