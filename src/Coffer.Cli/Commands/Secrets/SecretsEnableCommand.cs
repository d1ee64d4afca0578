using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets enable [-path=P] TYPE`: enables a secrets engine (<c>POST sys/mounts/P</c>).</summary>
internal sealed class SecretsEnableCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer secrets enable [options] TYPE",
        "Enables a secrets engine of the given TYPE (kv, kv-v2, transit, ...) at a path, which defaults to the " +
        "type. -version=2 makes a kv engine versioned. Example: coffer secrets enable -path=kv-local -version=2 -local kv");

    public string Name => "secrets enable";

    public string Synopsis => "Enable a secrets engine";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var path = flags.AddString("path", "", "Where the engine is enabled. Defaults to the TYPE.");
        var description = flags.AddString("description", "", "Human-friendly description of what the engine is for.");
        var settings = MountSettingsFlags.ForEnable(flags, "secrets engine");
        var forceNoCache = flags.AddBool("force-no-cache", "Never cache data read from the engine.");
        var local = flags.AddBool("local", "Mark the engine local to this cluster: it is not replicated to performance secondaries.");
        var sealWrap = flags.AddBool("seal-wrap", "Seal-wrap the engine's critical values.");
        var externalEntropy = flags.AddBool("external-entropy-access", "Give the engine access to the seal's entropy source.");
        var version = flags.AddInt("version", 0, "Version of the engine (kv: 1 or 2). Sets options version=N.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var type = invocation.Arguments[0].Trim();
        var mountPath = ApiPath.Sanitize(path.Value.Length > 0 ? path.Value : type);
        var config = new JsonObject();
        settings.AddTtlsTo(config);
        if (forceNoCache.Value)
        {
            config["force_no_cache"] = true;
        }
        settings.AddSettingsTo(config);

        var request = new JsonObject
        {
            ["type"] = type,
            ["description"] = description.Value,
            ["config"] = config,
            ["local"] = local.Value,
            ["seal_wrap"] = sealWrap.Value,
            ["external_entropy_access"] = externalEntropy.Value,
        };
        if (settings.OptionsOrNull(version.Value) is { } options)
        {
            request["options"] = options;
        }

        return await invocation.CallApiAsync(
            client => MountEndpoint.SecretsEngines.EnableAsync(client, mountPath, request),
            "Error enabling",
            $"Success! Enabled the {type} secrets engine at: {mountPath}/");
    }
}
