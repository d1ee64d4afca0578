using System.Text.Json;

namespace Coffer.Core.Auth;

/// <summary>How auth methods serialise their storage entries: snake_case JSON, so entries read well in a raw dump.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T? Deserialize<T>(byte[]? stored) where T : class =>
        stored is null ? null : JsonSerializer.Deserialize<T>(stored, Options);
}
