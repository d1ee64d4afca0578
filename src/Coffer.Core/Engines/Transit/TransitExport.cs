using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// <c>export/:key_type/:name[/:version]</c>: the only place key material ever leaves the engine, and only for keys
/// created or configured as exportable.
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
        if (exportType is not ("encryption-key" or "hmac-key" or "signing-key"))
        {
            throw CofferError.BadRequest("invalid export type: " + exportType);
        }
        var policy = await keys.GetAsync(name, cancellationToken);
        if (policy is null)
        {
            return null;
        }
        if (!policy.Exportable)
        {
            throw CofferError.BadRequest("key is not exportable");
        }
        var signing = TransitKeyTypes.IsSigning(policy.Type);
        if (exportType == "signing-key" && !signing)
        {
            throw CofferError.BadRequest("signing not supported for the key");
        }
        if (exportType == "encryption-key" && signing)
        {
            throw CofferError.BadRequest("encryption not supported for the key");
        }

        var exported = new JsonObject();
        foreach (var number in Versions(policy, version))
        {
            var entry = policy.Versions[number];
            exported[number.ToString(CultureInfo.InvariantCulture)] = exportType switch
            {
                "hmac-key" => Convert.ToBase64String(entry.HmacKey),
                "signing-key" => PrivateKeyPem(entry.Key),
                _ => Convert.ToBase64String(entry.Key),
            };
        }
        return Response.WithData(new JsonObject
        {
            ["name"] = policy.Name,
            ["type"] = TransitKeyTypes.Name(policy.Type),
            ["keys"] = exported,
        });
    }

    private static string PrivateKeyPem(byte[] pkcs8) => new string(global::System.Security.Cryptography.PemEncoding.Write("PRIVATE KEY", pkcs8)) + "\n";

    private static IEnumerable<int> Versions(TransitPolicy policy, string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return policy.Versions.Keys.Where(v => v >= policy.MinDecryptionVersion).Order();
        }
        if (version == "latest")
        {
            return [policy.LatestVersion];
        }
        if (int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number >= policy.MinDecryptionVersion && policy.Versions.ContainsKey(number))
        {
            return [number];
        }
        throw CofferError.BadRequest("version does not exist or cannot be found");
    }
}
