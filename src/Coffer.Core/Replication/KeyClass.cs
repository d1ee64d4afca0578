namespace Coffer.Core.Replication;

/// <summary>Where a storage entry may travel (DESIGN.md §4).</summary>
public enum KeyClass
{
    /// <summary>Shared configuration and non-local secrets: to every secondary.</summary>
    Replicated,

    /// <summary>Precious but cluster-bound (tokens, leases, local mounts): to DR secondaries only.</summary>
    DrOnly,

    /// <summary>This cluster's own replication state, TLS material and WAL: never shipped.</summary>
    Local,
}
