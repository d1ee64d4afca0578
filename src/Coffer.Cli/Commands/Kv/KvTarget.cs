using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// The secret a <c>kv</c> command names, either as <c>secret/foo</c> or as <c>-mount=secret foo</c>, resolved against
/// the server's mount table by the preflight request so the command knows whether to speak KV v1 or v2.
/// </summary>
internal sealed class KvTarget
{
    private KvTarget(string mountPath, string partialPath, bool isV2, bool mountFlagSyntax)
    {
        MountPath = mountPath;
        PartialPath = partialPath;
        IsV2 = isV2;
        MountFlagSyntax = mountFlagSyntax;
    }

    /// <summary>The mount as the server names it, e.g. <c>secret/</c>.</summary>
    public string MountPath { get; }

    /// <summary>The path with the mount in front (for v2 and for the combined syntax) or the bare key (v1 with -mount).</summary>
    public string PartialPath { get; }

    public bool IsV2 { get; }

    public bool MountFlagSyntax { get; }

    /// <summary>Where the secret's data lives: <c>mount/data/key</c> on v2, the plain path on v1.</summary>
    public string DataPath => IsV2 ? ApiPathFor("data") : V1Path;

    /// <param name="argument">The positional path argument as typed.</param>
    /// <param name="mountFlag">The -mount flag's value; empty means the argument includes the mount.</param>
    /// <exception cref="ApiRequestException">The preflight failed.</exception>
    public static async Task<KvTarget> ResolveAsync(CofferApiClient client, string argument, string mountFlag)
    {
        var partialPath = ApiPath.Sanitize(argument.Trim());
        if (mountFlag.Length == 0)
        {
            var found = await client.PreflightKvMountAsync(partialPath).ConfigureAwait(false);
            return new KvTarget(found.Path, partialPath, found.IsV2, mountFlagSyntax: false);
        }

        var mount = await client.PreflightKvMountAsync(ApiPath.Sanitize(mountFlag.Trim())).ConfigureAwait(false);
        return new KvTarget(
            mount.Path,
            mount.IsV2 ? KvPath.Join(mount.Path, partialPath) : partialPath,
            mount.IsV2,
            mountFlagSyntax: true);
    }

    /// <summary>The v2 endpoint <paramref name="apiPrefix"/> (<c>data</c>, <c>metadata</c>, <c>destroy</c>...) for this key.</summary>
    public string ApiPathFor(string apiPrefix) => KvPath.AddPrefix(PartialPath, MountPath, apiPrefix);

    private string V1Path => MountFlagSyntax ? KvPath.Join(MountPath, PartialPath) : PartialPath;
}
