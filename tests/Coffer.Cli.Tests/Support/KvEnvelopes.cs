namespace Coffer.Cli.Tests.Support;

/// <summary>KV preflight and KV v2 answers shaped like Vault's, for the `kv` command tests.</summary>
internal static class KvEnvelopes
{
    public const string Metadata =
        """{"created_time":"2024-05-01T10:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":3}""";

    public const string V2Read =
        """{"request_id":"r1","lease_id":"","lease_duration":0,"renewable":false,"data":{"data":{"passcode":"my-long-passcode","user":"bob"},"metadata":""" + Metadata + "},\"warnings\":null}";

    public const string V2Write =
        """{"request_id":"r2","lease_id":"","lease_duration":0,"renewable":false,"data":""" + Metadata + ",\"warnings\":null}";

    public const string V2Deleted =
        """{"request_id":"r3","data":{"data":null,"metadata":{"created_time":"2024-05-01T10:00:00Z","custom_metadata":null,"deletion_time":"2024-05-02T10:00:00Z","destroyed":false,"version":3}}}""";

    /// <summary>The preflight answer for a mount at <paramref name="mountPath"/> of the given KV version.</summary>
    public static string Preflight(string mountPath, int version) =>
        "{\"data\":{\"type\":\"kv\",\"path\":\"" + mountPath + "\",\"options\":{\"version\":\"" + version + "\"}}}";

    /// <summary>A fake server whose preflight for <paramref name="preflightPath"/> names a KV mount.</summary>
    public static FakeVaultServer WithKvMount(this FakeVaultServer server, string preflightPath, string mountPath, int version) =>
        server.Respond("GET", "/v1/sys/internal/ui/mounts/" + preflightPath, 200, Preflight(mountPath, version));
}
