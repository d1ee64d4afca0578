using Coffer.Core.Hcl;
using static Coffer.Server.Config.HclSettingReader;

namespace Coffer.Server.Config;

/// <summary>
/// Reads Vault-style HCL or JSON server configuration. Several files (or a folder of <c>.hcl</c>/<c>.json</c> files)
/// merge in order: later scalar settings win, listeners add up, and only one storage stanza may exist.
/// </summary>
public static class ConfigLoader
{
    private static readonly string[] TopLevelSettings =
    [
        "storage", "listener", "telemetry", "api_addr", "cluster_addr", "cluster_name", "ui", "log_level",
        "default_lease_ttl", "max_lease_ttl", "disable_mlock", "replication",
    ];

    private static readonly string[] ListenerSettings =
    [
        "address", "cluster_address", "tls_disable", "tls_cert_file", "tls_key_file", "tls_min_version", "telemetry",
    ];

    private static readonly string[] TelemetrySettings = ["prometheus_retention_time", "disable_hostname"];

    private static readonly string[] ReplicationSettings =
    [
        "logshipper_buffer_length", "logshipper_buffer_size", "best_effort_wal_wait_duration", "resolver_discover_servers",
        "allow_forwarding_via_header", "allow_forwarding_via_token",
    ];

    private static readonly Dictionary<string, string[]> StorageSettings = new()
    {
        ["inmem"] = [],
        ["sqlite"] = ["path"],
    };

    public static ServerConfig LoadPaths(IEnumerable<string> paths)
    {
        var config = new ServerConfig();
        foreach (var file in paths.SelectMany(ExpandPath))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"{file}: cannot read configuration: {e.Message}");
            }
            config = Merge(config, Parse(text, file));
        }
        return config;
    }

    public static ServerConfig Parse(string text, string fileName)
    {
        HclBody body;
        try
        {
            body = HclParser.Parse(text, fileName);
        }
        catch (HclException e)
        {
            throw new ConfigException(e.Message);
        }
        try
        {
            return Read(body);
        }
        catch (HclException e)
        {
            throw new ConfigException(e.Message);
        }
    }

    private static ServerConfig Read(HclBody body)
    {
        RejectUnknown(body, "the configuration", TopLevelSettings);
        var config = new ServerConfig();
        foreach (var attribute in body.Attributes)
        {
            config = attribute.Name switch
            {
                "api_addr" => config with { ApiAddr = String(attribute) },
                "cluster_addr" => config with { ClusterAddr = String(attribute) },
                "cluster_name" => config with { ClusterName = String(attribute) },
                "ui" => config with { Ui = Bool(attribute) },
                "log_level" => config with { LogLevel = LogLevel(attribute) },
                "default_lease_ttl" => config with { DefaultLeaseTtlSeconds = DurationSeconds(attribute) },
                "max_lease_ttl" => config with { MaxLeaseTtlSeconds = DurationSeconds(attribute) },
                "disable_mlock" => config with { DisableMlock = Bool(attribute) },
                _ => config,
            };
        }
        var storage = body.GetBlocks("storage", 1);
        if (storage.Count > 1)
        {
            throw Error(storage[1].Position, "only one storage stanza is allowed");
        }
        if (storage.Count == 1)
        {
            config = config with { Storage = ReadStorage(storage[0]) };
        }
        config = config with { Listeners = body.GetBlocks("listener", 1).Select(ReadListener).ToList() };
        foreach (var telemetry in body.GetBlocks("telemetry", 0))
        {
            config = config with { Telemetry = ReadTelemetry(telemetry.Body) };
        }
        var replication = body.GetBlocks("replication", 0);
        if (replication.Count > 1)
        {
            throw Error(replication[1].Position, "only one replication stanza is allowed");
        }
        if (replication.Count == 1)
        {
            config = config with { Replication = ReadReplication(replication[0]) };
        }
        return config;
    }

    private static StorageConfig ReadStorage(HclBlock block)
    {
        var type = block.Labels[0];
        if (!StorageSettings.TryGetValue(type, out var known))
        {
            throw Error(block.Position, $"unknown storage type \"{type}\" (supported: {string.Join(", ", StorageSettings.Keys)})");
        }
        RejectUnknown(block.Body, $"storage \"{type}\"", known);
        var settings = block.Body.Attributes.ToDictionary(a => a.Name, String);
        if (type == "sqlite" && string.IsNullOrWhiteSpace(settings.GetValueOrDefault("path")))
        {
            throw Error(block.Position, "storage \"sqlite\" needs a \"path\"");
        }
        return new StorageConfig(type, settings, block.Position.ToString());
    }

    private static ListenerConfig ReadListener(HclBlock block)
    {
        if (block.Labels[0] != "tcp")
        {
            throw Error(block.Position, $"unknown listener type \"{block.Labels[0]}\" (supported: tcp)");
        }
        RejectUnknown(block.Body, "listener \"tcp\"", ListenerSettings);
        var listener = new ListenerConfig();
        foreach (var attribute in block.Body.Attributes)
        {
            listener = attribute.Name switch
            {
                "address" => listener with { Address = HostPort(attribute) },
                "cluster_address" => listener with { ClusterAddress = HostPort(attribute) },
                "tls_disable" => listener with { TlsDisable = Bool(attribute) },
                "tls_cert_file" => listener with { TlsCertFile = String(attribute) },
                "tls_key_file" => listener with { TlsKeyFile = String(attribute) },
                "tls_min_version" => listener with { TlsMinVersion = TlsVersion(attribute) },
                _ => listener,
            };
        }
        foreach (var telemetry in block.Body.GetBlocks("telemetry", 0))
        {
            RejectUnknown(telemetry.Body, "listener telemetry", "unauthenticated_metrics_access");
            var access = telemetry.Body.FindAttribute("unauthenticated_metrics_access");
            listener = listener with { UnauthenticatedMetricsAccess = access is not null && Bool(access) };
        }
        if (!listener.TlsDisable && (listener.TlsCertFile is null || listener.TlsKeyFile is null))
        {
            throw Error(block.Position, "listener \"tcp\" needs tls_cert_file and tls_key_file, or tls_disable = true");
        }
        return listener;
    }

    private static TelemetryConfig ReadTelemetry(HclBody body)
    {
        RejectUnknown(body, "telemetry", TelemetrySettings);
        var telemetry = new TelemetryConfig();
        foreach (var attribute in body.Attributes)
        {
            telemetry = attribute.Name switch
            {
                "prometheus_retention_time" => telemetry with { PrometheusRetentionSeconds = DurationSeconds(attribute) },
                "disable_hostname" => telemetry with { DisableHostname = Bool(attribute) },
                _ => telemetry,
            };
        }
        return telemetry;
    }

    private static ReplicationConfig ReadReplication(HclBlock block)
    {
        RejectUnknown(block.Body, "replication", ReplicationSettings);
        var replication = new ReplicationConfig { Source = block.Position.ToString() };
        foreach (var attribute in block.Body.Attributes)
        {
            replication = attribute.Name switch
            {
                "logshipper_buffer_length" => replication with { LogShipperBufferLength = PositiveInteger(attribute) },
                "logshipper_buffer_size" => replication with { LogShipperBufferSize = ByteSize(attribute) },
                "best_effort_wal_wait_duration" => replication with { BestEffortWalWaitDuration = Duration(attribute) },
                "resolver_discover_servers" => replication with { ResolverDiscoverServers = Bool(attribute) },
                "allow_forwarding_via_header" => replication with { AllowForwardingViaHeader = Bool(attribute) },
                "allow_forwarding_via_token" => replication with { AllowForwardingViaToken = ForwardingViaToken(attribute) },
                _ => replication,
            };
        }
        return replication;
    }

    private static string ForwardingViaToken(HclAttribute attribute)
    {
        var value = String(attribute);
        return value is "" or "new_token"
            ? value
            : throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be \"\" or \"new_token\", got \"{value}\"");
    }

    private static string HostPort(HclAttribute attribute)
    {
        var value = String(attribute);
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(value[(colon + 1)..], out var port) || port == 0)
        {
            throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be host:port, got \"{value}\"");
        }
        return value;
    }

    private static string LogLevel(HclAttribute attribute)
    {
        var value = String(attribute).ToLowerInvariant();
        return value is "trace" or "debug" or "info" or "warn" or "error"
            ? value
            : throw Error(attribute.Value.Position, $"unknown log_level \"{value}\" (trace, debug, info, warn, error)");
    }

    private static string TlsVersion(HclAttribute attribute)
    {
        var value = String(attribute);
        return value is "tls12" or "tls13"
            ? value
            : throw Error(attribute.Value.Position, $"unsupported tls_min_version \"{value}\" (tls12, tls13)");
    }

    private static ServerConfig Merge(ServerConfig current, ServerConfig next)
    {
        if (current.Storage is not null && next.Storage is not null)
        {
            throw new ConfigException($"{next.Storage.Source}: a storage stanza was already given in {current.Storage.Source}");
        }
        return new ServerConfig
        {
            Storage = next.Storage ?? current.Storage,
            Listeners = current.Listeners.Concat(next.Listeners).ToList(),
            ApiAddr = next.ApiAddr ?? current.ApiAddr,
            ClusterAddr = next.ClusterAddr ?? current.ClusterAddr,
            ClusterName = next.ClusterName ?? current.ClusterName,
            Ui = next.Ui || current.Ui,
            LogLevel = next.LogLevel != "info" ? next.LogLevel : current.LogLevel,
            DefaultLeaseTtlSeconds = next.DefaultLeaseTtlSeconds ?? current.DefaultLeaseTtlSeconds,
            MaxLeaseTtlSeconds = next.MaxLeaseTtlSeconds ?? current.MaxLeaseTtlSeconds,
            DisableMlock = next.DisableMlock || current.DisableMlock,
            Telemetry = next.Telemetry.PrometheusRetentionSeconds > 0 || next.Telemetry.DisableHostname ? next.Telemetry : current.Telemetry,
            // A later file's stanza replaces an earlier one as a whole, as Vault merges it.
            Replication = next.Replication.Source is not null ? next.Replication : current.Replication,
        };
    }

    private static IEnumerable<string> ExpandPath(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".hcl", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
        }
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: configuration file not found");
        }
        return [path];
    }
}
