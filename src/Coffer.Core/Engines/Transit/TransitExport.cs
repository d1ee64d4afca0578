using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// <c>export/:key_type/:name[/:version]</c>: the only place key material ever leaves the engine, and private
/// material only for keys created or configured as exportable. Formats follow Vault: base64 for symmetric keys,
/// PEM for ECDSA and RSA, base64 for ed25519.
/// </summary>
public static class TransitExport
{
    public static async Task<Response?> HandleAsync(TransitKeyStore keys, string[] segments, CancellationToken cancellationToken)
    {
        var (exportType, name, version) = segments switch
        {
            ["export", var type, var n] when n.Length > 0 => (type, n, null),
            ["export", var type, var n, var v] when n.Length > 0 => (type, n, v),
            _ => throw CofferError.UnsupportedPath(string.Join('/', segments)),
        };
        if (exportType is not ("encryption-key" or "hmac-key" or "signing-key" or "public-key"))
        {
            throw CofferError.BadRequest("invalid export type: " + exportType);
        }
        var policy = await keys.GetAsync(name, cancellationToken);
        if (policy is null)
        {
            return null;
        }
        if (!policy.Exportable && exportType != "public-key")
        {
            throw CofferError.BadRequest("private key material is not exportable");
        }
        switch (exportType)
        {
            case "encryption-key" when !TransitKeyTypes.SupportsEncryption(policy.Type):
                throw CofferError.BadRequest("encryption not supported for the key");
            case "signing-key" when !TransitKeyTypes.SupportsSigning(policy.Type):
                throw CofferError.BadRequest("signing not supported for the key");
            case "public-key" when !TransitKeyTypes.IsAsymmetric(policy.Type):
                throw CofferError.BadRequest($"unknown key type {TransitKeyTypes.Name(policy.Type)} for export type public-key");
        }

        var exported = new JsonObject();
        foreach (var number in Versions(policy, version))
        {
            exported[number.ToString(CultureInfo.InvariantCulture)] = Export(policy, number, exportType);
        }
        return Response.WithData(new JsonObject
        {
            ["name"] = policy.Name,
            ["type"] = TransitKeyTypes.Name(policy.Type),
            ["keys"] = exported,
        });
    }

    private static string Export(TransitPolicy policy, int version, string exportType)
    {
        var key = policy.Versions[version].Key;
        return exportType switch
        {
            "hmac-key" => Convert.ToBase64String(policy.MacKey(version)),
            "public-key" => TransitSigner.PublicKeyExport(policy.Type, key),
            _ when TransitKeyTypes.IsAsymmetric(policy.Type) => TransitSigner.PrivateKeyExport(policy.Type, key),
            _ => Convert.ToBase64String(key),
        };
    }

    private static IEnumerable<int> Versions(TransitPolicy policy, string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return policy.Versions.Keys.Where(v => v >= policy.MinDecryptionVersion).Order();
        }
        int number;
        if (version == "latest")
        {
            number = policy.LatestVersion;
        }
        else if (!int.TryParse(version.StartsWith('v') ? version[1..] : version, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            throw CofferError.BadRequest("invalid key version");
        }
        if (number < policy.MinDecryptionVersion)
        {
            throw CofferError.BadRequest("version for export is below minimum decryption version");
        }
        if (!policy.Versions.ContainsKey(number))
        {
            throw CofferError.BadRequest("version does not exist or cannot be found");
        }
        return [number];
    }
}
