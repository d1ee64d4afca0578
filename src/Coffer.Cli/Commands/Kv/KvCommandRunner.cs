using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// What every <c>kv</c> command does once its command line is checked: build one API client, resolve the secret's
/// mount with the preflight request, then act. A client that cannot be configured or a failed preflight exits 2
/// with the bare reason, as in vault.
/// </summary>
internal static class KvCommandRunner
{
    /// <summary>The -mount flag every kv command takes.</summary>
    public static StringFlag AddMountFlag(FlagSet flags, string apiSegment) =>
        flags.AddString("mount", "",
            "Path where the KV engine is mounted. When given, the path argument is the secret's path within the " +
            $"mount; otherwise it includes the mount, and /{apiSegment}/ is inserted after the mount for KV v2.");

    public static async Task<int> RunAsync(
        CommandInvocation invocation,
        string argument,
        StringFlag mount,
        Func<CofferApiClient, KvTarget, Task<int>> act)
    {
        using var client = invocation.CreateClientOrReport();
        if (client is null)
        {
            return ExitCodes.RemoteError;
        }

        KvTarget target;
        try
        {
            target = await KvTarget.ResolveAsync(client, argument, mount.Value);
        }
        catch (ApiRequestException error)
        {
            return invocation.FailRemote(error.Message);
        }

        return await act(client, target);
    }

    /// <summary>
    /// <see cref="RunAsync"/> for the `kv metadata` commands, whose one argument names the key: only KV v2 keeps
    /// metadata, and <paramref name="act"/> gets the key's metadata path.
    /// </summary>
    public static Task<int> RunOnMetadataAsync(
        CommandInvocation invocation,
        StringFlag mount,
        Func<CofferApiClient, string, Task<int>> act) =>
        RunAsync(invocation, invocation.Arguments[0], mount, (client, target) =>
            target.IsV2
                ? act(client, target.ApiPathFor("metadata"))
                : Task.FromResult(invocation.FailLocal("Metadata not supported on KV Version 1")));

    /// <summary>
    /// The -versions flag's values; each occurrence may itself be a comma-separated list, blanks ignored.
    /// </summary>
    public static List<string> ParseVersions(StringListFlag versions) =>
        versions.Values
            .SelectMany(value => value.Split(','))
            .Select(version => version.Trim())
            .Where(version => version.Length > 0)
            .ToList();
}
