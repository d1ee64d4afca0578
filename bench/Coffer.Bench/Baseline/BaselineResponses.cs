using System.Text;

namespace Coffer.Bench.Baseline;

/// <summary>
/// Fixed bodies of the baseline server. The read envelope mirrors a KV v1 read of a 128-byte
/// secret (about 300 bytes), so the baseline moves as many bytes per request as the real test.
/// </summary>
public static class BaselineResponses
{
    public static readonly byte[] Secret = Encoding.UTF8.GetBytes(
        "{\"request_id\":\"6f1c2a9e-4b7d-4e0a-9c53-8d2f1e7b3a64\",\"lease_id\":\"\",\"renewable\":false," +
        "\"lease_duration\":2764800,\"data\":{\"foo\":\"" + new string('x', 128) + "\"}," +
        "\"wrap_info\":null,\"warnings\":null,\"auth\":null,\"mount_type\":\"kv\"}");

    public static readonly byte[] NotFound = Encoding.UTF8.GetBytes("{\"errors\":[]}");
}
