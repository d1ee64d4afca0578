using System.Globalization;

namespace Coffer.Bench.Workloads;

/// <summary>Builds absolute API URIs. They are precomputed per key so workers allocate none.</summary>
public static class VaultPaths
{
    public static Uri Api(Uri address, string path) =>
        new(address.GetLeftPart(UriPartial.Authority) + "/v1/" + path.TrimStart('/'));

    /// <summary>KV v2 puts its data under <c>&lt;mount&gt;/data/</c>; v1 stores at the mount root.</summary>
    public static Uri KvSecret(Uri address, string mount, int kvVersion, string secretPath) =>
        Api(address, kvVersion == 2 ? $"{mount}/data/{secretPath}" : $"{mount}/{secretPath}");

    public static Uri[] KvSecrets(Uri address, string mount, int kvVersion, string prefix, int keys)
    {
        var uris = new Uri[keys];
        for (var i = 0; i < keys; i++)
        {
            uris[i] = KvSecret(address, mount, kvVersion, prefix + "/" + i.ToString(CultureInfo.InvariantCulture));
        }

        return uris;
    }
}
