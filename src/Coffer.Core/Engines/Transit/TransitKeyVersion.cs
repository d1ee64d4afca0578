using System.Text.Json.Serialization;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// One version of a named key. Every version carries its own HMAC key so that hmac/verify can later use the
/// same versioning as encryption without ever reusing the encryption key for a second purpose.
/// </summary>
public sealed class TransitKeyVersion
{
    [JsonPropertyName("key")]
    public required byte[] Key { get; init; }

    [JsonPropertyName("hmac_key")]
    public required byte[] HmacKey { get; init; }

    [JsonPropertyName("creation_time")]
    public required long CreationTime { get; init; }
}
