namespace Coffer.Cli.Commands;

/// <summary>
/// `coffer server ...`: hands every argument after "server" to the server's own entry point, with the CLI's
/// output streams so the server's startup messages go wherever the CLI's would.
/// </summary>
internal sealed class ServerCommandLauncher : ICliCommand
{
    public string Name => "server";

    public string Synopsis => "Start a Coffer server";

    public Task<int> RunAsync(IReadOnlyList<string> args, CliContext context) =>
        global::Coffer.Server.ServerCommand.RunAsync(args.ToArray(), context.Out, context.Err);
}

internal static partial class CommandRegistry
{
    static partial void AddServerCommand(List<ICliCommand> commands) => commands.Add(new ServerCommandLauncher());
}
