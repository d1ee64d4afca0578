using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Audit;

/// <summary>`coffer audit enable [-path=P] TYPE [K=V...]`: enables an audit device; K=V become its options.</summary>
internal sealed class AuditEnableCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer audit enable [options] TYPE [CONFIG K=V...]",
        "Enables an audit device of the given TYPE (e.g. file) at a path, which defaults to the type. " +
        "K=V pairs configure the device, e.g. `coffer audit enable file file_path=/var/log/coffer_audit.log`.");

    public string Name => "audit enable";

    public string Synopsis => "Enable an audit device";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var description = flags.AddString("description", "", "Human-friendly description of what the device is for.");
        var path = flags.AddString("path", "", "Where the device is enabled. Must be unique among audit devices. Defaults to the TYPE.");
        var local = flags.AddBool("local", "Mark the device local to this cluster: it is not replicated.");
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode);
        if (invocation is null)
        {
            return exitCode;
        }

        if (invocation.Arguments.Count < 1)
        {
            return invocation.FailLocal("Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.");
        }

        var type = invocation.Arguments[0].Trim();
        var devicePath = ApiPath.Sanitize(path.Value.Length > 0 ? path.Value : type);
        if (invocation.ParseDataOrReport(1, DataArguments.ToStringMap) is not { } options)
        {
            return ExitCodes.LocalError;
        }

        var request = new JsonObject
        {
            ["type"] = type,
            ["description"] = description.Value,
            ["options"] = JsonStrings.Object(options),
            ["local"] = local.Value,
        };

        return await invocation.CallApiAsync(
            client => MountEndpoint.AuditDevices.EnableAsync(client, devicePath, request),
            "Error enabling audit device",
            $"Success! Enabled the {type} audit device at: {devicePath}/");
    }
}
