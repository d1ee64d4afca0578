using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.CoreFlow;

/// <summary>An initialized, unsealed core on in-memory storage, with a KV v1 mount at <c>secret/</c>.</summary>
internal sealed class CoreHarness
{
    private CoreHarness(CofferCore core, string rootToken, IReadOnlyList<byte[]> keys)
    {
        Core = core;
        RootToken = rootToken;
        Keys = keys;
    }

    public CofferCore Core { get; }
    public string RootToken { get; }
    public IReadOnlyList<byte[]> Keys { get; }

    public static async Task<CoreHarness> StartAsync(int shares = 1, int threshold = 1, IPhysical? physical = null)
    {
        var core = new CofferCore(physical ?? new InMemPhysical(), new CoreOptions(), SystemClock.Instance);
        var init = await core.InitializeAsync(shares, threshold);
        foreach (var key in init.Keys.Take(threshold))
        {
            await core.SubmitUnsealKeyAsync(key);
        }
        await core.EnableMountAsync(MountTable.NewEntry("secret/", "kv", "", false, 0, 0, new Dictionary<string, string>()));
        return new CoreHarness(core, init.RootToken, init.Keys);
    }

    /// <summary>A harness around a core already unsealed elsewhere, e.g. one restarted on the same storage.</summary>
    public static CoreHarness Wrap(CofferCore core, string rootToken, IReadOnlyList<byte[]>? keys = null) => new(core, rootToken, keys ?? []);

    public Task<Response?> SendAsync(Operation operation, string path, string? json = null, string? token = null) =>
        Core.HandleAsync(new Request
        {
            Operation = operation,
            Path = path,
            Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
            ClientToken = token ?? RootToken,
        });
}
