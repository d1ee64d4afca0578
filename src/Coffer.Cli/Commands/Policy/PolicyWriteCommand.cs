using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Policy;

/// <summary>`coffer policy write NAME FILE|-`: uploads an ACL policy to <c>sys/policies/acl/NAME</c>.</summary>
internal sealed class PolicyWriteCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer policy write [options] NAME PATH",
        "Uploads a policy with the given name from the contents of a local file PATH, or from stdin when " +
        "PATH is \"-\". Policy names are lower-cased. An existing policy of that name is replaced.");

    public string Name => "policy write";

    public string Synopsis => "Upload a policy";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 2, maxArguments: 2);
        if (invocation is null)
        {
            return exitCode;
        }

        var name = invocation.Arguments[0].Trim().ToLowerInvariant();
        var source = invocation.Arguments[1].Trim();
        string rules;
        try
        {
            rules = source == "-" ? context.In.ReadToEnd() : File.ReadAllText(source);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // 2, not 1, for an unreadable policy file: vault's policy write treats it like a failed upload.
            return invocation.FailRemote(source == "-" ? $"Error reading policy: {error.Message}" : $"Error opening policy file: {error.Message}");
        }

        return await invocation.CallApiAsync(
            client => client.PutPolicyAsync(name, rules),
            "Error uploading policy",
            $"Success! Uploaded policy: {name}");
    }
}
