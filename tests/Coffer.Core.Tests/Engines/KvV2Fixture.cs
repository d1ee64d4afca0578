using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Engines.Kv;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Engines;

/// <summary>A KV v2 backend over a real encrypting barrier on in-memory storage, with a hand-moved clock.</summary>
internal sealed class KvV2Fixture
{
    private KvV2Fixture(StorageView view)
    {
        View = view;
        Backend = new KvV2Backend(view, Clock);
    }

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public ManualClock Clock { get; } = new(Start);
    public StorageView View { get; }
    public KvV2Backend Backend { get; }

    public static async Task<KvV2Fixture> CreateAsync()
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
        return new KvV2Fixture(new StorageView(barrier, $"logical/{Guid.NewGuid()}/"));
    }

    public Task<Response?> SendAsync(Operation operation, string path, string? json = null) =>
        Backend.HandleAsync(new Request
        {
            Operation = operation,
            Path = "kv/" + path,
            MountRelativePath = path,
            Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
        }, CancellationToken.None);

    public async Task<JsonObject> WriteAsync(string key, string dataJson, string? optionsJson = null)
    {
        var body = optionsJson is null ? $$"""{"data":{{dataJson}}}""" : $$"""{"data":{{dataJson}},"options":{{optionsJson}}}""";
        return (await SendAsync(Operation.Update, "data/" + key, body))!.Data!;
    }

    public async Task<JsonObject?> ReadAsync(string key, long? version = null) =>
        (await SendAsync(Operation.Read, "data/" + key, version is null ? null : $$"""{"version":"{{version}}"}"""))?.Data;

    public async Task<JsonObject> MetadataAsync(string key) =>
        (await SendAsync(Operation.Read, "metadata/" + key))!.Data!;

    public async Task<CofferError> FailsAsync(Operation operation, string path, string? json = null) =>
        await Assert.ThrowsAsync<CofferError>(() => SendAsync(operation, path, json));
}
