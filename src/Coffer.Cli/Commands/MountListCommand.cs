using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// `secrets list`, `auth list` and `audit list`: fetch one mount table (<see cref="Endpoint"/>) and print it
/// with the plain or, under -detailed, the detailed <see cref="MountListColumns"/>. The three differ only in
/// that table, wording and columns.
/// </summary>
internal abstract class MountListCommand : ICliCommand
{
    public abstract string Name { get; }

    public abstract string Synopsis { get; }

    protected abstract CommandHelp Help { get; }

    protected abstract MountEndpoint Endpoint { get; }

    /// <summary>The usage text of the -detailed flag.</summary>
    protected abstract string DetailedUsage { get; }

    /// <summary>What a failed request is reported as, before ": reason".</summary>
    protected abstract string Failure { get; }

    protected abstract MountListColumns Columns { get; }

    protected abstract MountListColumns DetailedColumns { get; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        var detailed = flags.AddBool("detailed", DetailedUsage);
        var invocation = CommandInvocation.Parse(context, Help, flags, globals, args, out var exitCode, maxArguments: 0);
        if (invocation is null)
        {
            return exitCode;
        }

        return await invocation.CallApiAsync(
            Endpoint.ListAsync,
            Failure,
            entries => Print(invocation.Output, entries, detailed.Value ? DetailedColumns : Columns));
    }

    protected virtual int Print(OutputPrinter output, IReadOnlyList<KeyValuePair<string, JsonObject>> entries, MountListColumns columns) =>
        columns.Print(output, entries);
}
