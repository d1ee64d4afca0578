using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets tune [options] PATH`: changes settings of the engine at PATH.</summary>
internal sealed class SecretsTuneCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer secrets tune [options] PATH",
        "Tunes the configuration of the secrets engine at PATH. Only the settings given are changed. A TTL of -1 " +
        "restores the server's default. -version=2 upgrades a kv engine to versioned data (it cannot go back).");

    public string Name => "secrets tune";

    public string Synopsis => "Tune a secrets engine configuration";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var settings = MountSettingsFlags.ForTune(flags, "secrets engine");
        var description = flags.AddString("description", "", "New description of the engine; replaces the current one.");
        var version = flags.AddInt("version", 0, "Version of the engine (kv: 2 upgrades a version 1 engine).");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var path = ApiPath.Sanitize(invocation.Arguments[0]);
        var request = new JsonObject();
        settings.AddTtlsTo(request);
        request.AddIfGiven("description", description);
        settings.AddSettingsTo(request);
        if (settings.OptionsOrNull(version.Value) is { } options)
        {
            request["options"] = options;
        }

        return await invocation.CallApiAsync(
            client => MountEndpoint.SecretsEngines.TuneAsync(client, path, request),
            $"Error tuning secrets engine {path}/",
            $"Success! Tuned the secrets engine at: {path}/");
    }
}
