using System.Globalization;
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

    /// <summary>Size in bytes of the key material of <c>hmac</c> keys; 0 for every other type.</summary>
    [JsonPropertyName("key_size")]
    public int KeySize { get; init; }

    [JsonPropertyName("versions")]
    public Dictionary<int, TransitKeyVersion> Versions { get; init; } = [];

    public void Rotate(DateTimeOffset now)
    {
        LatestVersion++;
        Versions[LatestVersion] = new TransitKeyVersion
        {
            Key = Type switch
            {
                TransitKeyType.Hmac => RandomNumberGenerator.GetBytes(KeySize),
                _ when TransitKeyTypes.IsAsymmetric(Type) => TransitSigner.GeneratePrivateKey(Type),
                _ => RandomNumberGenerator.GetBytes(TransitKeyTypes.KeyLength(Type)),
            },
            HmacKey = RandomNumberGenerator.GetBytes(32),
            CreationTime = now.ToUnixTimeSeconds(),
        };
    }

    /// <summary>The MAC key of a version: the key itself for <c>hmac</c> keys, the separate HMAC key otherwise.</summary>
    public byte[] MacKey(int version) => Type == TransitKeyType.Hmac ? Versions[version].Key : Versions[version].HmacKey;

    /// <summary>
    /// The private key a signing operation uses: for derived ed25519 keys the seed derived for
    /// <paramref name="context"/>, so the same context always gives the same key pair.
    /// </summary>
    public byte[] SigningKey(int version, byte[]? context)
    {
        var material = Versions[version].Key;
        return Derived && Type == TransitKeyType.Ed25519
            ? TransitKeyDerivation.Derive(material, context, TransitEd25519.SeedSize)
            : material;
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

    /// <summary>
    /// The field set of a key read; never any private key material. Derived ed25519 keys have no public key of their
    /// own, so theirs is shown only when the reader names a <paramref name="context"/>, as in Vault.
    /// </summary>
    public JsonObject Describe(byte[]? context = null)
    {
        var keys = new JsonObject();
        var asymmetric = TransitKeyTypes.IsAsymmetric(Type);
        foreach (var (version, entry) in Versions.OrderBy(v => v.Key))
        {
            var number = version.ToString(CultureInfo.InvariantCulture);
            if (!asymmetric)
            {
                keys[number] = entry.CreationTime;
                continue;
            }
            var publicKey = Derived && (context is null || context.Length == 0)
                ? ""
                : TransitSigner.PublicKeyText(Type, Type == TransitKeyType.Ed25519 ? SigningKey(version, context) : entry.Key);
            keys[number] = new JsonObject
            {
                ["public_key"] = publicKey,
                ["creation_time"] = DateTimeOffset.FromUnixTimeSeconds(entry.CreationTime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["name"] = TransitSigner.VersionName(Type),
            };
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
            ["supports_encryption"] = TransitKeyTypes.SupportsEncryption(Type),
            ["supports_decryption"] = TransitKeyTypes.SupportsEncryption(Type),
            ["supports_derivation"] = TransitKeyTypes.SupportsDerivation(Type),
            ["supports_signing"] = TransitKeyTypes.SupportsSigning(Type),
            ["imported_key"] = false,
        };
        if (Type == TransitKeyType.Hmac)
        {
            data["key_size"] = KeySize;
        }
        if (Derived)
        {
            data["kdf"] = "hkdf_sha256";
            data["convergent_encryption"] = ConvergentEncryption;
        }
        return data;
    }
}
