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
    private readonly Core.Replication.Streaming.IReplicationTransport? _transport;
    private readonly ReplicationLogOptions? _logOptions;
    private readonly string _name;

    private ReplicatingCore(string directory, Core.Replication.Streaming.IReplicationTransport? transport, ReplicationLogOptions? logOptions,
        string name)
    {
        _directory = directory;
        _transport = transport;
        _logOptions = logOptions;
        _name = name;
    }

    public CofferCore Core { get; private set; } = null!;
    public string RootToken { get; private set; } = "";
    /// <summary>The unseal key shares; a DR secondary takes its primary's from activation on (spec/replication.md §6.4).</summary>
    public IReadOnlyList<byte[]> Keys { get; set; } = [];

    public int Threshold { get; set; } = 1;

    /// <param name="transport">How the core reaches a DR primary when it is a secondary (<see cref="CofferCore.ReplicationTransport"/>).</param>
    /// <param name="logOptions">Retention and batching of the replication log (a small MaxEntries forces merkle catch-up).</param>
    /// <param name="name">Host name in the core's API and cluster addresses (https://NAME.example:8200 and :8201).</param>
    public static async Task<ReplicatingCore> StartAsync(string directoryPrefix, int shares = 1, int threshold = 1,
        Core.Replication.Streaming.IReplicationTransport? transport = null, ReplicationLogOptions? logOptions = null, string name = "primary")
    {
        var cluster = new ReplicatingCore(Directory.CreateTempSubdirectory(directoryPrefix).FullName, transport, logOptions, name);
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
        var log = await ReplicationLog.OpenAsync(sqlite, new Core.Replication.KeyClassifier(uuid => owner?.Mounts.FindByUuid(uuid)?.Local),
            _logOptions);
        owner = new CofferCore(log, new CoreOptions { ApiAddress = $"https://{_name}.example:8200", ClusterAddress = $"https://{_name}.example:8201" },
            SystemClock.Instance) { ReplicationLog = log, ReplicationTransport = _transport };
        return owner;
    }
}
