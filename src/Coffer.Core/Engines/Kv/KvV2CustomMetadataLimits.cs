using System.Text;

namespace Coffer.Core.Engines.Kv;

/// <summary>Bounds on a key's <c>custom_metadata</c> (spec/vault-api.md §6.3, inferred from Vault): it is copied into every read.</summary>
internal static class KvV2CustomMetadataLimits
{
    public const int MaxKeys = 64;
    public const int MaxKeyBytes = 128;
    public const int MaxValueBytes = 512;

    public static void Validate(Dictionary<string, string>? custom)
    {
        if (custom is null)
        {
            return;
        }
        if (custom.Count > MaxKeys)
        {
            throw CofferError.BadRequest($"custom_metadata: payload must contain at most {MaxKeys} keys, provided {custom.Count}");
        }
        foreach (var (key, value) in custom)
        {
            if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
            {
                throw CofferError.BadRequest($"custom_metadata: length of key \"{key}\" must be between 1 and {MaxKeyBytes} bytes");
            }
            if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes)
            {
                throw CofferError.BadRequest($"custom_metadata: length of value for key \"{key}\" must be at most {MaxValueBytes} bytes");
            }
        }
    }
}
