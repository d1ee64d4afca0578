using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// A named key and its settings, stored whole (key material included) under <c>policy/&lt;name&gt;</c> through the
/// barrier. Version numbers start at 1; the dictionary keys are the version numbers.
/// </summary>
public sealed class TransitPolicy
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("type")]
    public TransitKeyType Type { get; init; }

    [JsonPropertyName("derived")]
    public bool Derived { get; init; }

    [JsonPropertyName("convergent_encryption")]
    public bool ConvergentEncryption { get; init; }

    [JsonPropertyName("exportable")]
    public bool Exportable { get; set; }

    [JsonPropertyName("allow_plaintext_backup")]
    public bool AllowPlaintextBackup { get; set; }

    [JsonPropertyName("deletion_allowed")]
    public bool DeletionAllowed { get; set; }

    [JsonPropertyName("min_decryption_version")]
    public int MinDecryptionVersion { get; set; } = 1;

    [JsonPropertyName("min_encryption_version")]
    public int MinEncryptionVersion { get; set; }

    [JsonPropertyName("latest_version")]
    public int LatestVersion { get; set; }

    [JsonPropertyName("versions")]
    public Dictionary<int, TransitKeyVersion> Versions { get; init; } = [];

    public void Rotate(DateTimeOffset now)
    {
        LatestVersion++;
        Versions[LatestVersion] = new TransitKeyVersion
        {
            Key = TransitKeyTypes.IsSigning(Type) ? TransitSigner.GeneratePrivateKey(Type) : RandomNumberGenerator.GetBytes(TransitKeyTypes.KeyLength(Type)),
            HmacKey = RandomNumberGenerator.GetBytes(32),
            CreationTime = now.ToUnixTimeSeconds(),
        };
    }

    /// <summary>The version to encrypt with: latest unless the caller asked for one, within the policy's bounds.</summary>
    public int EncryptionVersion(long? requested)
    {
        var version = requested is null or 0 ? LatestVersion : (int)requested.Value;
        if (version < 0 || version > LatestVersion)
        {
            throw CofferError.BadRequest("invalid key version");
        }
        if (MinEncryptionVersion > 0 && version < MinEncryptionVersion)
        {
            throw CofferError.BadRequest("cannot encrypt with a key version below min_encryption_version");
        }
        return version;
    }

    /// <summary>The field set of a key read; never any key material.</summary>
    public JsonObject Describe()
    {
        var keys = new JsonObject();
        var signing = TransitKeyTypes.IsSigning(Type);
        foreach (var (version, entry) in Versions.OrderBy(v => v.Key))
        {
            // Asymmetric keys show their public half, as Vault does; the private key never appears here.
            keys[version.ToString(global::System.Globalization.CultureInfo.InvariantCulture)] = signing
                ? new JsonObject
                {
                    ["public_key"] = TransitSigner.PublicKeyPem(Type, entry.Key),
                    ["creation_time"] = DateTimeOffset.FromUnixTimeSeconds(entry.CreationTime).ToString("yyyy-MM-ddTHH:mm:ssZ", global::System.Globalization.CultureInfo.InvariantCulture),
                    ["name"] = TransitKeyTypes.Name(Type),
                }
                : entry.CreationTime;
        }
        var data = new JsonObject
        {
            ["name"] = Name,
            ["type"] = TransitKeyTypes.Name(Type),
            ["deletion_allowed"] = DeletionAllowed,
            ["derived"] = Derived,
            ["exportable"] = Exportable,
            ["allow_plaintext_backup"] = AllowPlaintextBackup,
            ["keys"] = keys,
            ["min_decryption_version"] = MinDecryptionVersion,
            ["min_encryption_version"] = MinEncryptionVersion,
            ["latest_version"] = LatestVersion,
            ["min_available_version"] = 0,
            ["auto_rotate_period"] = 0,
            ["supports_encryption"] = !signing,
            ["supports_decryption"] = !signing,
            ["supports_derivation"] = !signing,
            ["supports_signing"] = signing,
            ["imported_key"] = false,
        };
        if (Derived)
        {
            data["kdf"] = "hkdf_sha256";
            data["convergent_encryption"] = ConvergentEncryption;
        }
        return data;
    }
}
