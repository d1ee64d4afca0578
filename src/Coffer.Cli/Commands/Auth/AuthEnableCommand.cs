using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Auth;

/// <summary>`coffer auth enable [-path=P] TYPE`: enables an auth method (<c>POST sys/auth/P</c>).</summary>
internal sealed class AuthEnableCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer auth enable [options] TYPE",
        "Enables an auth method of the given TYPE (token, userpass, approle, ...) at a path, which defaults " +
        "to the type. The method is then reached under auth/<path>/ and usually needs configuring.");

    public string Name => "auth enable";

    public string Synopsis => "Enable an auth method";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var path = flags.AddString("path", "", "Where the method is enabled (reached at auth/<path>/). Defaults to the TYPE.");
        var description = flags.AddString("description", "", "Human-friendly description of what the method is for.");
        var local = flags.AddBool("local", "Mark the method local to this cluster: it is not replicated.");
        var settings = MountSettingsFlags.ForEnable(flags, "auth method");
        var sealWrap = flags.AddBool("seal-wrap", "Seal-wrap the method's critical values.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 1, maxArguments: 1);
        if (invocation is null)
        {
            return exitCode;
        }

        var type = invocation.Arguments[0].Trim();
        var mountPath = ApiPath.Sanitize(path.Value.Length > 0 ? path.Value : type);
        var config = new JsonObject();
        settings.AddTtlsTo(config);
        settings.AddSettingsTo(config);

        var request = new JsonObject
        {
            ["type"] = type,
            ["description"] = description.Value,
            ["local"] = local.Value,
            ["config"] = config,
        };
        if (sealWrap.Value)
        {
            request["seal_wrap"] = true;
        }
        if (settings.OptionsOrNull() is { } options)
        {
            request["options"] = options;
        }

        return await invocation.CallApiAsync(
            client => MountEndpoint.AuthMethods.EnableAsync(client, mountPath, request),
            $"Error enabling {type} auth",
            $"Success! Enabled {type} auth method at: {mountPath}/");
    }
}
