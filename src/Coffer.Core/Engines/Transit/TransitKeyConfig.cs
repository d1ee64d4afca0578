using System.Text.Json.Nodes;
using Coffer.Core.Json;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// <c>keys/:name/config</c>. Everything is validated before anything changes, so a rejected request leaves the
/// key as it was. Exportable and plaintext backup are one-way: once a key could have left, unsetting the flag
/// would promise something that is no longer true.
/// </summary>
public static class TransitKeyConfig
{
    public static void Apply(TransitPolicy policy, JsonObject data)
    {
        var minDecryption = (int?)LenientFields.GetInt(data, "min_decryption_version") ?? policy.MinDecryptionVersion;
        var minEncryption = (int?)LenientFields.GetInt(data, "min_encryption_version") ?? policy.MinEncryptionVersion;
        var exportable = LenientFields.GetBool(data, "exportable");
        var plaintextBackup = LenientFields.GetBool(data, "allow_plaintext_backup");

        if (minDecryption < 1)
        {
            minDecryption = 1;
        }
        if (minDecryption > policy.LatestVersion)
        {
            throw CofferError.BadRequest("cannot set min decryption version of " + minDecryption + ", latest key version is " + policy.LatestVersion);
        }
        if (minEncryption < 0 || minEncryption > policy.LatestVersion)
        {
            throw CofferError.BadRequest("min encryption version must be between 0 and the latest version");
        }
        if (minEncryption != 0 && minEncryption < minDecryption)
        {
            throw CofferError.BadRequest("min encryption version must be 0 or at least the min decryption version");
        }
        if (exportable == false && policy.Exportable)
        {
            throw CofferError.BadRequest("cannot disable exportability on a key that is already exportable");
        }
        if (plaintextBackup == false && policy.AllowPlaintextBackup)
        {
            throw CofferError.BadRequest("cannot disable plaintext backup on a key that already allows it");
        }

        policy.MinDecryptionVersion = minDecryption;
        policy.MinEncryptionVersion = minEncryption;
        policy.DeletionAllowed = LenientFields.GetBool(data, "deletion_allowed") ?? policy.DeletionAllowed;
        policy.Exportable = exportable ?? policy.Exportable;
        policy.AllowPlaintextBackup = plaintextBackup ?? policy.AllowPlaintextBackup;
    }
}
