using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Auth;

/// <summary>`coffer auth tune [options] PATH`: changes settings of the auth method at PATH.</summary>
internal sealed class AuthTuneCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer auth tune [options] PATH",
        "Tunes the configuration of the auth method enabled at PATH (the path, not the type). Only the " +
        "settings given are changed. A TTL of -1 restores the server's default.");

    public string Name => "auth tune";

    public string Synopsis => "Tune an auth method configuration";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var settings = MountSettingsFlags.ForTune(flags, "auth method");
        var description = flags.AddString("description", "", "New description of the method; replaces the current one.");
        var tokenType = flags.AddString("token-type", "", "Type of token the method issues: default-service, default-batch, service or batch.");
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
        request.AddIfGiven("token_type", tokenType);
        if (settings.OptionsOrNull() is { } options)
        {
            request["options"] = options;
        }

        return await invocation.CallApiAsync(
            client => MountEndpoint.AuthMethods.TuneAsync(client, path, request),
            $"Error tuning auth method {path}/",
            $"Success! Tuned the auth method at: {path}/");
    }
}
