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
    public ReplicationConfig Replication { get; init; } = new();
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

/// <summary>
/// The <c>replication { ... }</c> stanza (spec/replication.md §8.5). The buffer bounds size the replication log's
/// retention; the other settings are read here for performance replication to use.
/// </summary>
public sealed record ReplicationConfig
{
    public const long DefaultLogShipperBufferLength = Coffer.Core.Replication.Wal.ReplicationLogOptions.DefaultMaxEntries;
    public const long DefaultLogShipperBufferSize = Coffer.Core.Replication.Wal.ReplicationLogOptions.DefaultMaxBytes;

    /// <summary>Most WAL records kept for streaming (<c>logshipper_buffer_length</c>).</summary>
    public long LogShipperBufferLength { get; init; } = DefaultLogShipperBufferLength;

    /// <summary>Most WAL bytes kept for streaming (<c>logshipper_buffer_size</c>).</summary>
    public long LogShipperBufferSize { get; init; } = DefaultLogShipperBufferSize;

    /// <summary>How long a write answered over the cluster port waits for its WAL to be applied locally (<c>best_effort_wal_wait_duration</c>).</summary>
    public TimeSpan BestEffortWalWaitDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A secondary asks any primary node which one is active (<c>resolver_discover_servers</c>).</summary>
    public bool ResolverDiscoverServers { get; init; } = true;

    /// <summary>Honour <c>X-Vault-Forward</c> / <c>X-Vault-Inconsistent</c> (<c>allow_forwarding_via_header</c>).</summary>
    public bool AllowForwardingViaHeader { get; init; }

    /// <summary><c>""</c> or <c>"new_token"</c>: forward requests lacking consistency state instead of answering 412 (<c>allow_forwarding_via_token</c>).</summary>
    public string AllowForwardingViaToken { get; init; } = "";

    /// <summary>Where the stanza was written (<c>file:line:column</c>); null when no stanza was given and these are the defaults.</summary>
    public string? Source { get; init; }
}
