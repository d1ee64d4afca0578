using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Core.Leases;

/// <summary>The stored form of a <see cref="LeaseEntry"/>.</summary>
internal static class LeaseEntrySerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(LeaseEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, Options);

    public static LeaseEntry Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<LeaseEntry>(json, Options) ?? throw new JsonException("empty lease entry");
}
