using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Core.Access;

/// <summary>The stored (and, for batch tokens, encrypted) form of a <see cref="TokenEntry"/>.</summary>
internal static class TokenEntrySerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter<TokenType>(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static byte[] Serialize(TokenEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, Options);

    public static TokenEntry Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<TokenEntry>(json, Options) ?? throw new JsonException("empty token entry");
}
