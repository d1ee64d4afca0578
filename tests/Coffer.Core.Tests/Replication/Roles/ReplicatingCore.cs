using System.Text.Json.Nodes;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Replication.Roles;

/// <summary>
/// A real core over SQLite with the replication log in its storage stack, as the server builds it: initialised,
/// unsealed, KV v1 at <c>secret/</c>, restartable on the same file.
/// </summary>
internal sealed class ReplicatingCore : IAsyncDisposable
{
    private readonly string _directory;

    private ReplicatingCore(string directory) => _directory = directory;

    public CofferCore Core { get; private set; } = null!;
    public string RootToken { get; private set; } = "";
    public IReadOnlyList<byte[]> Keys { get; private set; } = [];

    public int Threshold { get; private set; } = 1;

    public static async Task<ReplicatingCore> StartAsync(string directoryPrefix, int shares = 1, int threshold = 1)
    {
        var cluster = new ReplicatingCore(Directory.CreateTempSubdirectory(directoryPrefix).FullName);
        cluster.Core = await cluster.OpenCoreAsync();
        var init = await cluster.Core.InitializeAsync(shares, threshold);
        cluster.Threshold = threshold;
        foreach (var key in init.Keys.Take(threshold))
        {
            await cluster.Core.SubmitUnsealKeyAsync(key);
        }
        cluster.RootToken = init.RootToken;
        cluster.Keys = init.Keys;
        await cluster.Core.EnableMountAsync(MountTable.NewEntry("secret/", "kv", "", false, 0, 0, new Dictionary<string, string>()));
        return cluster;
    }

    public async Task RestartAsync()
    {
        await Core.DisposeAsync();
        Core = await OpenCoreAsync();
        foreach (var key in Keys.Take(Threshold))
        {
            await Core.SubmitUnsealKeyAsync(key);
        }
    }

    public Task<Response?> SendAsync(Operation operation, string path, string? json = null, string? token = null) =>
        Core.HandleAsync(new Request
        {
            Operation = operation,
            Path = path,
            Data = json is null ? new JsonObject() : JsonNode.Parse(json)!.AsObject(),
            ClientToken = token ?? RootToken,
        });

    public async Task<JsonObject> DrStatusAsync() => (await SendAsync(Operation.Read, "sys/replication/dr/status", token: ""))!.Data!;

    public async ValueTask DisposeAsync()
    {
        await Core.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<CofferCore> OpenCoreAsync()
    {
        CofferCore? owner = null;
        var sqlite = await SqlitePhysical.OpenAsync(Path.Combine(_directory, "coffer.db"));
        var log = await ReplicationLog.OpenAsync(sqlite, new Core.Replication.KeyClassifier(uuid => owner?.Mounts.FindByUuid(uuid)?.Local));
        owner = new CofferCore(log, new CoreOptions { ApiAddress = "https://primary.example:8200", ClusterAddress = "https://primary.example:8201" },
            SystemClock.Instance) { ReplicationLog = log };
        return owner;
    }
}
