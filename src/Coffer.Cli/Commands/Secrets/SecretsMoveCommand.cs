using Coffer.Cli.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>`coffer secrets move SOURCE DESTINATION`: moves an engine and its data, waiting until the move ends.</summary>
internal sealed class SecretsMoveCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer secrets move [options] SOURCE DESTINATION",
        "Moves the secrets engine at SOURCE to DESTINATION, keeping its data. Its leases are revoked. Auth methods " +
        "move the same way when both paths start with auth/.");

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public string Name => "secrets move";

    public string Synopsis => "Move a secrets engine to a new path";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, minArguments: 2, maxArguments: 2);
        if (invocation is null)
        {
            return exitCode;
        }

        var source = ApiPath.Sanitize(invocation.Arguments[0]) + "/";
        var destination = ApiPath.Sanitize(invocation.Arguments[1]) + "/";
        return await invocation.CallApiAsync(
            async client =>
            {
                var id = await client.StartRemountAsync(source, destination);
                invocation.Output.PrintLine($"Started moving secrets engine {source} to {destination}, with migration ID {id}");
                // The server moves in the background; poll as vault's CLI does until it reports an outcome.
                while (true)
                {
                    var status = await client.RemountStatusAsync(id);
                    if (status != "in-progress")
                    {
                        return (Id: id, Status: status);
                    }
                    await Task.Delay(PollInterval);
                }
            },
            $"Error moving secrets engine {source} to {destination}",
            outcome =>
            {
                if (outcome.Status == "success")
                {
                    invocation.Output.PrintLine($"Success! Finished moving secrets engine {source} to {destination}, with migration ID {outcome.Id}");
                    return ExitCodes.Success;
                }
                return invocation.FailRemote(
                    $"Failure! Error encountered moving secrets engine {source} to {destination}, with migration ID {outcome.Id}");
            });
    }
}
