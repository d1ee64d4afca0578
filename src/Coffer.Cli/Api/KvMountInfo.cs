namespace Coffer.Cli.Api;

/// <summary>
/// What the KV preflight learned about the mount holding a path.
/// </summary>
/// <param name="Path">The mount's path as the server names it (e.g. <c>secret/</c>); empty when the server has no preflight endpoint.</param>
/// <param name="Version">1 or 2; anything the server does not call version 2 is treated as version 1, as vault does.</param>
internal sealed record KvMountInfo(string Path, int Version)
{
    public bool IsV2 => Version == 2;
}
