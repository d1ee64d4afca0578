using System.Text.Json;

namespace Coffer.Bench.Workloads;

/// <summary>
/// Makes sure a test's mount exists with the right engine before the test writes to it, as vault-benchmark's
/// tests mount their own engines. An existing mount is reused only if it has the expected type (and KV version);
/// anything else fails setup with a message naming the mount, instead of a run full of 400s.
/// </summary>
public static class MountSetup
{
    /// <param name="kvVersion">For <c>kv</c> mounts the required version; null for other engines.</param>
    public static async Task EnsureAsync(
        SetupContext context, Uri address, string path, string type, int? kvVersion, CancellationToken cancellationToken)
    {
        var mounts = await SetupRequests.SendAsync(
            context.Client, HttpMethod.Get, VaultPaths.Api(address, "sys/mounts"), null, "listing mounts", cancellationToken);
        var existing = Find(mounts, path);
        if (existing is { } found)
        {
            if (found.Type != type || (kvVersion is { } wanted && found.KvVersion != wanted))
            {
                throw new SetupException(
                    $"mount {path}/ is a {Describe(found.Type, found.KvVersion)} mount, the test needs {Describe(type, kvVersion ?? 0)}; " +
                    "pick another mount path with the test's mount flag");
            }
            return;
        }

        context.Log.WriteLine($"  mounting {Describe(type, kvVersion ?? 0)} at {path}/");
        await SetupRequests.SendAsync(
            context.Client, HttpMethod.Post, VaultPaths.Api(address, "sys/mounts/" + path), JsonBodies.Mount(type, kvVersion),
            $"mounting {type} at {path}/", cancellationToken);
    }

    private static (string Type, int KvVersion)? Find(string mountsBody, string path)
    {
        using var doc = JsonDocument.Parse(mountsBody);
        // Vault answers with the mounts both at the top level and under "data"; prefer "data".
        var table = doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : doc.RootElement;
        if (!table.TryGetProperty(path + "/", out var mount) || mount.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var type = mount.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        var version = 1;
        if (mount.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object &&
            options.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "2")
        {
            version = 2;
        }
        return (type, type == "kv" ? version : 0);
    }

    private static string Describe(string type, int kvVersion) => type == "kv" && kvVersion > 0 ? $"kv v{kvVersion}" : type;
}
