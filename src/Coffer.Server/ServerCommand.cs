using System.Runtime.InteropServices;
using Coffer.Core;
using Coffer.Core.Audit;
using Coffer.Core.Replication;
using Coffer.Core.Replication.Wal;
using Coffer.Core.Storage;
using Coffer.Core.Telemetry;
using Coffer.Server.Config;
using Coffer.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Coffer.Server;

/// <summary><c>coffer server</c>: reads the configuration, opens storage and serves the API until SIGINT or SIGTERM.</summary>
public static class ServerCommand
{
    private const string DefaultDevAddress = "127.0.0.1:8200";

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        ServerOptions options;
        ServerConfig config;
        try
        {
            options = ServerOptions.Parse(args);
            config = options.Dev ? DevConfig(options) : LoadConfig(options);
        }
        catch (Exception e) when (e is ConfigException or ArgumentException)
        {
            await error.WriteLineAsync($"Error: {e.Message}");
            return 1;
        }

        var metrics = new MetricsRegistry(() => SystemClock.Instance.UtcNow);
        IPhysical physical;
        try
        {
            physical = await OpenStorageAsync(config.Storage!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await error.WriteLineAsync($"Error initializing storage of type {config.Storage!.Type}: {e.Message}");
            return 1;
        }
        var apiListener = config.Listeners[0];
        var coreOptions = new CoreOptions
        {
            ClusterName = config.ClusterName,
            ApiAddress = config.ApiAddr ?? ListenerEndpoints.ApiAddressOf(apiListener),
            ClusterAddress = config.ClusterAddr ?? "https://" + ListenerEndpoints.ClusterAddressOf(apiListener),
            DefaultLeaseTtlSeconds = config.DefaultLeaseTtlSeconds ?? 768 * 3600,
            MaxLeaseTtlSeconds = config.MaxLeaseTtlSeconds ?? 768 * 3600,
        };
        var auditOptions = new AuditBrokerOptions
        {
            Stdout = output,
            // Only the device path and the error's type: an audit failure must not echo request content into logs.
            DeviceFailed = (path, failure) => error.WriteLine($"audit device {path} failed to record an entry: {failure.GetType().Name}"),
        };
        IPhysical storage = new MeteredPhysical(physical, metrics);
        if (physical is not InMemPhysical)
        {
            // This node is the only writer of its storage, so it may serve hot reads from memory. Below the
            // replication log, so the log's read of each written key's old value (for the merkle index) is served
            // from memory too, and every write of the log passes through the cache's invalidation.
            storage = new CachedPhysical(storage);
        }
        // The replication log classifies each write by its mount's local flag, read from the mount table when the
        // write happens (the core, and so the table, exists only after the log is opened).
        CofferCore? coreForClassifier = null;
        var replicationLog = await ReplicationLog.OpenAsync(storage,
            new KeyClassifier(uuid => coreForClassifier?.Mounts.FindByUuid(uuid)?.Local),
            new ReplicationLogOptions { MaxEntries = config.Replication.LogShipperBufferLength, MaxBytes = config.Replication.LogShipperBufferSize });
        storage = replicationLog;
        await using var core = new CofferCore(storage, coreOptions, SystemClock.Instance, auditOptions)
        {
            ReplicationLog = replicationLog,
            ReplicationTransport = new Cluster.ClusterTransport(),
        };
        coreForClassifier = core;
        core.Leases.RevocationFailed += (lease, failure) =>
        {
            var ns = lease.NamespaceId == "root" ? "root" : core.Namespaces.ById(lease.NamespaceId)?.Path ?? lease.NamespaceId;
            metrics.IncrementCounter("vault.expire.lease_expiration.error", 1, ("namespace", ns));
            error.WriteLine($"[ERROR] expiration: failed to revoke lease: lease_id={lease.LeaseId} attempts={lease.RevokeFailures} error={lease.LastRevokeError}");
        };

        string? devUnsealKey = null;
        string? devRootToken = null;
        if (options.Dev)
        {
            var init = await core.InitializeAsync(1, 1, options.DevRootTokenId);
            await core.SubmitUnsealKeyAsync(init.Keys[0]);
            devUnsealKey = Convert.ToBase64String(init.Keys[0]);
            devRootToken = init.RootToken;
            await core.EnableMountAsync(Core.Routing.MountTable.NewEntry("secret/", "kv", "key/value secret storage", false, 0, 0,
                new Dictionary<string, string> { ["version"] = "1" }));
        }

        var app = ApiHost.Build(config, core, metrics, ToLogLevel(options.LogLevel ?? config.LogLevel));
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"Error initializing listener: {e.Message}");
            return 1;
        }
        await using var clusterListener = new Cluster.ClusterListener(core, ListenerEndpoints.Resolve(ListenerEndpoints.ClusterAddressOf(apiListener)), error);
        await clusterListener.AttachAsync();
        await PrintBannerAsync(output, config, coreOptions, devUnsealKey, devRootToken);

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.TrySetResult(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.TrySetResult(); });
        // SIGHUP re-opens audit files, so log rotation works as it does with Vault.
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; _ = core.Audit.ReopenAllAsync(); });
        await stopping.Task;
        await output.WriteLineAsync("==> Coffer shutdown triggered");
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(stopTimeout.Token);
        }
        await app.DisposeAsync();
        return 0;
    }

    private static ServerConfig DevConfig(ServerOptions options)
    {
        var listener = new ListenerConfig { Address = options.DevListenAddress ?? DefaultDevAddress, TlsDisable = true };
        ListenerEndpoints.Resolve(listener.Address);
        return new ServerConfig
        {
            Storage = new StorageConfig("inmem", new Dictionary<string, string>(), "-dev"),
            Listeners = [listener],
            // Dev servers are for trying things out, so metrics are on and readable in Prometheus format.
            Telemetry = new TelemetryConfig { PrometheusRetentionSeconds = 60 },
        };
    }

    private static ServerConfig LoadConfig(ServerOptions options)
    {
        if (options.ConfigPaths.Count == 0)
        {
            throw new ConfigException("no configuration given: use -config=FILE (or -dev)");
        }
        var config = ConfigLoader.LoadPaths(options.ConfigPaths);
        if (config.Storage is null)
        {
            throw new ConfigException("the configuration has no storage stanza");
        }
        if (config.Listeners.Count == 0)
        {
            throw new ConfigException("the configuration has no listener stanza");
        }
        foreach (var listener in config.Listeners)
        {
            ListenerEndpoints.Resolve(listener.Address);
        }
        return config;
    }

    private static async Task<IPhysical> OpenStorageAsync(StorageConfig storage) => storage.Type switch
    {
        "sqlite" => await SqlitePhysical.OpenAsync(storage.Settings["path"]),
        _ => new InMemPhysical(),
    };

    private static async Task PrintBannerAsync(TextWriter output, ServerConfig config, CoreOptions core, string? unsealKey, string? rootToken)
    {
        await output.WriteLineAsync("==> Coffer server configuration:");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"             Api Address: {core.ApiAddress}");
        await output.WriteLineAsync($"         Cluster Address: {core.ClusterAddress}");
        foreach (var listener in config.Listeners)
        {
            await output.WriteLineAsync($"                Listener: tcp (addr: \"{listener.Address}\", tls: \"{(listener.TlsDisable ? "disabled" : "enabled")}\")");
        }
        await output.WriteLineAsync($"                 Storage: {config.Storage!.Type}");
        await output.WriteLineAsync($"                 Version: Coffer v{CofferVersion.Version}");
        await output.WriteLineAsync();
        if (unsealKey is not null)
        {
            await output.WriteLineAsync("WARNING! dev mode is enabled! In this mode, Coffer runs entirely in-memory and starts unsealed");
            await output.WriteLineAsync("with a single unseal key. The root token is already authenticated to the CLI, so you can");
            await output.WriteLineAsync("immediately begin using Coffer. Do not run a dev server in production.");
            await output.WriteLineAsync();
            await output.WriteLineAsync("You may need to set the following environment variables:");
            await output.WriteLineAsync();
            await output.WriteLineAsync($"    $ export COFFER_ADDR='{core.ApiAddress}'");
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Unseal Key: {unsealKey}");
            await output.WriteLineAsync($"Root Token: {rootToken}");
            await output.WriteLineAsync();
        }
        await output.WriteLineAsync("==> Coffer server started! Log data will stream in below:");
        await output.FlushAsync();
    }

    private static LogLevel ToLogLevel(string level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
