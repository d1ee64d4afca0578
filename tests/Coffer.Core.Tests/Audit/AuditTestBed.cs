using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Audit;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;
using Coffer.Core.Storage;

namespace Coffer.Core.Tests.Audit;

/// <summary>Unsealed barrier storage plus a temp directory for log files; removes the directory afterwards.</summary>
internal sealed class AuditTestBed : IDisposable
{
    private readonly List<AuditBroker> _brokers = [];

    private AuditTestBed(AesGcmBarrier storage, string directory)
    {
        Storage = storage;
        Directory = directory;
    }

    public AesGcmBarrier Storage { get; }
    public string Directory { get; }
    public List<(string Path, Exception Error)> Failures { get; } = [];

    public static async Task<AuditTestBed> StartAsync()
    {
        var barrier = new AesGcmBarrier(new InMemPhysical(), SystemClock.Instance);
        var key = RandomNumberGenerator.GetBytes(32);
        await barrier.InitializeAsync(key);
        Assert.True(await barrier.UnsealAsync(key));
        var directory = Path.Combine(Path.GetTempPath(), "coffer-audit-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new AuditTestBed(barrier, directory);
    }

    public AuditBroker NewBroker(TextWriter? stdout = null, TimeSpan? writeTimeout = null)
    {
        var broker = new AuditBroker(Storage, SystemClock.Instance, new AuditBrokerOptions
        {
            Stdout = stdout,
            ReopenRetryInterval = TimeSpan.Zero,
            WriteTimeout = writeTimeout ?? TimeSpan.FromSeconds(5),
            DeviceFailed = (path, error) =>
            {
                lock (Failures)
                {
                    Failures.Add((path, error));
                }
            },
        });
        _brokers.Add(broker);
        return broker;
    }

    public string LogPath(string name = "audit.log") => Path.Combine(Directory, name);

    /// <summary>Enables a file device at <paramref name="devicePath"/> writing to <paramref name="file"/> with extra options.</summary>
    public static Task<AuditDeviceEntry> EnableFileAsync(AuditBroker broker, string devicePath, string file,
        params (string Key, string Value)[] options)
    {
        var map = new Dictionary<string, string> { ["file_path"] = file };
        foreach (var (key, value) in options)
        {
            map[key] = value;
        }
        return broker.EnableAsync(devicePath, "file", "", map, local: false);
    }

    public static List<JsonObject> ReadEntries(string file) =>
        File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    public static AuditContext Context(string path = "secret/app", Operation operation = Operation.Update,
        JsonObject? data = null, string? token = "hvs.TESTTOKENvalue000000001", string requestId = "req-1") => new()
    {
        RequestId = requestId,
        Operation = operation,
        Path = path,
        Data = data,
        ClientToken = token,
        Auth = token is null
            ? null
            : new AuditAuth
            {
                Accessor = "ACCESSORvalue00000000001",
                DisplayName = "token-alice",
                Policies = ["default", "app"],
                Metadata = new Dictionary<string, string> { ["user"] = "alice" },
                TokenType = "service",
                TokenTtlSeconds = 3600,
                TokenIssueTime = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            },
        MountPoint = "secret/",
        MountType = "kv",
        MountAccessor = "kv_1234abcd",
        RemoteAddress = "10.1.2.3",
    };

    public void Dispose()
    {
        foreach (var broker in _brokers)
        {
            broker.Dispose();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a test that replaced a directory with a file may leave odd shapes; temp is cleaned anyway.
        }
    }
}
