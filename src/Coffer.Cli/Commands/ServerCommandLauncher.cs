namespace Coffer.Cli.Commands;

/// <summary>`coffer server ...`: hands every argument after "server" to the server's own entry point.</summary>
internal sealed class ServerCommandLauncher : ICliCommand
{
    public string Name => "server";

    public string Synopsis => "Start a Coffer server";

    public Task<int> RunAsync(IReadOnlyList<string> args, CliContext context) =>
        Coffer.Server.ServerCommand.RunAsync(args.ToArray());
}

internal static partial class CommandRegistry
{
    static partial void AddServerCommand(List<ICliCommand> commands) => commands.Add(new ServerCommandLauncher());
}
