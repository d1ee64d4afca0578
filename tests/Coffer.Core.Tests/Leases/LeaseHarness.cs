using System.Text.Json.Nodes;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Leases;

/// <summary>
/// An unsealed core on a hand-moved clock with the fake leasing engine mounted at <c>db/</c>. The lease sweep runs
/// every second in the background as in production; tests move the clock and then wait for its effect.
/// </summary>
internal sealed class LeaseHarness : IAsyncDisposable
{
    private LeaseHarness(CofferCore core, ManualClock clock, LeasingEngineState engine, string rootToken, byte[] unsealKey)
    {
        Core = core;
        Clock = clock;
        Engine = engine;
        RootToken = rootToken;
        UnsealKey = unsealKey;
    }

    public CofferCore Core { get; }
    public ManualClock Clock { get; }
    public LeasingEngineState Engine { get; }
    public string RootToken { get; }
    public byte[] UnsealKey { get; }

    public static async Task<LeaseHarness> StartAsync(IPhysical? physical = null, CoreOptions? options = null, long mountDefaultTtl = 0,
        long mountMaxTtl = 0)
    {
        var clock = new ManualClock(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var engine = new LeasingEngineState();
        var core = NewCore(physical ?? new InMemPhysical(), options, clock, engine);
        var init = await core.InitializeAsync(1, 1);
        await core.SubmitUnsealKeyAsync(init.Keys[0]);
        await core.EnableMountAsync(MountTable.NewEntry("db/", FakeLeasingEngine.Type, "", false, mountDefaultTtl, mountMaxTtl,
            new Dictionary<string, string>()));
        return new LeaseHarness(core, clock, engine, init.RootToken, init.Keys[0]);
    }

    /// <summary>A second node life on the same storage (a restart), with the same clock and engine state.</summary>
    public static async Task<LeaseHarness> RestartAsync(IPhysical physical, LeaseHarness before)
    {
        var core = NewCore(physical, null, before.Clock, before.Engine);
        await core.SubmitUnsealKeyAsync(before.UnsealKey);
        return new LeaseHarness(core, before.Clock, before.Engine, before.RootToken, before.UnsealKey);
    }

    private static CofferCore NewCore(IPhysical physical, CoreOptions? options, ManualClock clock, LeasingEngineState engine)
    {
        var core = new CofferCore(physical, options ?? new CoreOptions(), clock);
        core.Backends.RegisterTestType(FakeLeasingEngine.Type, (_, _) => new FakeLeasingEngine(engine));
        return core;
    }

    public Task<Response?> SendAsync(Operation operation, string path, string? json = null, string? token = null, string? ns = null) =>
        Core.HandleAsync(new Request
        {
            Operation = operation,
            Path = path,
            Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
            ClientToken = token ?? RootToken,
            NamespaceHeader = ns,
        });

    public async Task<CofferError> FailsAsync(Operation operation, string path, string? json = null, string? token = null) =>
        await Assert.ThrowsAsync<CofferError>(() => SendAsync(operation, path, json, token));

    /// <summary>Reads credentials from the leasing engine; returns the response with its lease.</summary>
    public async Task<Response> IssueAsync(string role = "ro", string? token = null, string? ns = null) =>
        (await SendAsync(Operation.Read, "db/creds/" + role, token: token, ns: ns))!;

    public async Task<JsonObject> LookupAsync(string leaseId) =>
        (await SendAsync(Operation.Update, "sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }.ToJsonString()))!.Data!;

    /// <summary>Moves the clock, then waits for the background sweep to act on it.</summary>
    public async Task AdvanceAsync(TimeSpan by, Func<bool> until)
    {
        Clock.Advance(by);
        await EventuallyAsync(until);
    }

    /// <summary>Waits up to five seconds (the sweep runs every second) for <paramref name="condition"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Writes an ACL policy and returns a token (child of root) that holds only it.</summary>
    public async Task<string> TokenWithPolicyAsync(string name, string hcl, string extraJson = "")
    {
        await SendAsync(Operation.Update, "sys/policy/" + name, new JsonObject { ["policy"] = hcl }.ToJsonString());
        var created = await SendAsync(Operation.Update, "auth/token/create",
            $$"""{"policies":["{{name}}"],"no_default_policy":true{{extraJson}}}""");
        return created!.Auth!["client_token"]!.GetValue<string>();
    }

    public const string ReadCredsPolicy = """path "db/creds/*" { capabilities = ["read"] }""";

    public async Task<NamespaceEntry> CreateNamespaceAsync(string name) =>
        await Core.CreateNamespaceAsync(NamespaceEntry.Root, name, new Dictionary<string, string>());

    public async ValueTask DisposeAsync() => await Core.DisposeAsync();
}
