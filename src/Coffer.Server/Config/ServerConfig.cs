namespace Coffer.Server.Config;

/// <summary>The server configuration after every <c>-config</c> file has been read and merged.</summary>
public sealed record ServerConfig
{
    public StorageConfig? Storage { get; init; }
    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];
    public string? ApiAddr { get; init; }
    public string? ClusterAddr { get; init; }
    public string? ClusterName { get; init; }
    public bool Ui { get; init; }
    public string LogLevel { get; init; } = "info";
    public long? DefaultLeaseTtlSeconds { get; init; }
    public long? MaxLeaseTtlSeconds { get; init; }
    public bool DisableMlock { get; init; }
    public TelemetryConfig Telemetry { get; init; } = new();
}

/// <summary>A <c>storage "type" { ... }</c> stanza; settings are kept as strings for the backend to read.</summary>
public sealed record StorageConfig(string Type, IReadOnlyDictionary<string, string> Settings, string Source);

/// <summary>A <c>listener "tcp" { ... }</c> stanza.</summary>
public sealed record ListenerConfig
{
    public string Address { get; init; } = "127.0.0.1:8200";
    public string? ClusterAddress { get; init; }
    public bool TlsDisable { get; init; }
    public string? TlsCertFile { get; init; }
    public string? TlsKeyFile { get; init; }
    public string TlsMinVersion { get; init; } = "tls12";
    public bool UnauthenticatedMetricsAccess { get; init; }
}

/// <summary>The <c>telemetry { ... }</c> stanza.</summary>
public sealed record TelemetryConfig
{
    public long PrometheusRetentionSeconds { get; init; }
    public bool DisableHostname { get; init; }
}
