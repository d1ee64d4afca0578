namespace Coffer.Cli.Commands;

/// <summary>One `coffer` command. Implementations are stateless; each run parses its own flags.</summary>
internal interface ICliCommand
{
    /// <summary>The words that select the command, e.g. "status" or "operator unseal".</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Synopsis { get; }

    /// <param name="args">Everything after the command's name.</param>
    Task<int> RunAsync(IReadOnlyList<string> args, CliContext context);
}
