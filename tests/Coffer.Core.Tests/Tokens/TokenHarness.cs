using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Access;
using Coffer.Core.Auth.Token;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Tokens;

/// <summary>A token store and the <c>auth/token/</c> backend over a real barrier on in-memory storage.</summary>
internal sealed class TokenHarness
{
    private TokenHarness(InMemPhysical physical, AesGcmBarrier barrier, YieldingStorage storage, ManualClock clock, TokenStore store, string rootToken)
    {
        Storage = storage;
        Physical = physical;
        Barrier = barrier;
        Clock = clock;
        Store = store;
        RootToken = rootToken;
        Backend = new TokenBackend(store, new TokenBackendOptions { PolicyExists = (name, _) => Task.FromResult(name.StartsWith("known", StringComparison.Ordinal)) });
    }

    public InMemPhysical Physical { get; }
    public AesGcmBarrier Barrier { get; }
    public ManualClock Clock { get; }

    /// <summary>The storage the token store sees (the barrier, behind a yielding, counting wrapper).</summary>
    public YieldingStorage Storage { get; }
    public TokenStore Store { get; }
    public TokenBackend Backend { get; }
    public string RootToken { get; }

    /// <param name="sweepInterval">How often the expiry sweep runs; long by default so tests drive it themselves.</param>
    public static async Task<TokenHarness> StartAsync(TimeSpan? sweepInterval = null, long defaultTtl = 768 * 3600, long maxTtl = 768 * 3600)
    {
        var physical = new InMemPhysical();
        var clock = new ManualClock(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var barrier = new AesGcmBarrier(physical, clock);
        var rootKey = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(rootKey);
        Assert.True(await barrier.UnsealAsync(rootKey));
        var storage = new YieldingStorage(barrier);
        var store = new TokenStore(storage, clock, defaultTtl, maxTtl, sweepInterval ?? TimeSpan.FromHours(1));
        await store.LoadAsync();
        var root = await store.CreateRootTokenAsync();
        return new TokenHarness(physical, barrier, storage, clock, store, root);
    }

    /// <summary>Sends a request to <c>auth/token/&lt;path&gt;</c> as the core would: authenticated, sudo for root callers.</summary>
    public async Task<Response?> SendAsync(Operation operation, string path, string? json = null, string? token = null, bool? sudo = null,
        string namespaceId = "root")
    {
        var clientToken = token ?? RootToken;
        var entry = await Store.AuthenticateAsync(clientToken, "127.0.0.1");
        var response = await Backend.HandleAsync(new Request
        {
            Operation = operation,
            Path = "auth/token/" + path,
            MountRelativePath = path,
            Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
            ClientToken = clientToken,
            Token = entry,
            CallerHasSudo = sudo ?? entry.IsRoot,
            NamespaceId = namespaceId,
        }, CancellationToken.None);
        await Store.FinishRequestAsync(entry);
        return response;
    }

    /// <summary>Creates a token through the backend and returns the client token.</summary>
    public async Task<string> CreateAsync(string json = "{}", string? parent = null, string path = "create")
    {
        var response = await SendAsync(Operation.Update, path, json, parent);
        return response!.Auth!["client_token"]!.GetValue<string>();
    }

    public async Task<JsonObject> LookupAsync(string token) =>
        (await SendAsync(Operation.Update, "lookup", $$"""{"token":"{{token}}"}"""))!.Data!;

    public async Task<CofferError> FailsAsync(Operation operation, string path, string? json = null, string? token = null, bool? sudo = null) =>
        await Assert.ThrowsAsync<CofferError>(() => SendAsync(operation, path, json, token, sudo));

    /// <summary>Every key with its raw and decrypted value, for "never stored in clear" checks.</summary>
    public async Task<List<(string Key, string Value)>> DumpStorageAsync()
    {
        var dump = new List<(string, string)>();
        var folders = new Stack<string>([""]);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var child in await Physical.ListAsync(folder))
            {
                var key = folder + child;
                if (child.EndsWith('/'))
                {
                    folders.Push(key);
                    continue;
                }
                var raw = System.Text.Encoding.Latin1.GetString((await Physical.GetAsync(key))!);
                var plain = key == AesGcmBarrier.KeyringPath ? "" : System.Text.Encoding.Latin1.GetString((await Barrier.GetAsync(key))!);
                dump.Add((key, raw + "\n" + plain));
            }
        }
        return dump;
    }
}
