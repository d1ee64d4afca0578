using System.Text;
using Coffer.Cli.Commands;

namespace Coffer.Cli;

/// <summary>
/// Picks the command named by the leading words of the command line ("operator unseal" beats "operator")
/// and prints the command lists for `coffer`, `coffer -h` and bare groups such as `coffer operator`.
/// </summary>
internal sealed class CommandDispatcher(IReadOnlyList<ICliCommand> commands, IReadOnlyDictionary<string, string> groupSynopses)
{
    private static readonly string[] HelpWords = ["-h", "-help", "--help", "help"];
    private static readonly string[] VersionWords = ["-v", "-version", "--version"];

    public async Task<int> DispatchAsync(IReadOnlyList<string> args, CliContext context)
    {
        if (args.Count == 0)
        {
            context.Err.Write(Usage([]));
            return ExitCodes.UnknownCommand;
        }

        if (HelpWords.Contains(args[0]))
        {
            context.Out.Write(Usage([]));
            return ExitCodes.Success;
        }

        if (VersionWords.Contains(args[0]))
        {
            return await new VersionCommand().RunAsync([], context);
        }

        if (Find(args) is { } match)
        {
            return await match.Command.RunAsync(args.Skip(match.WordCount).ToList(), context);
        }

        var group = LongestGroup(args);
        if (group.Count > 0)
        {
            // A group on its own lists its subcommands; an unknown subcommand is an unknown command.
            var isBareGroup = args.Count == group.Count || HelpWords.Contains(args[group.Count]);
            (isBareGroup ? context.Out : context.Err).Write(Usage(group));
            return isBareGroup ? (args.Count == group.Count ? ExitCodes.LocalError : ExitCodes.Success) : ExitCodes.UnknownCommand;
        }

        context.Err.WriteLine($"Unknown command: {args[0]}");
        context.Err.WriteLine();
        context.Err.Write(Usage([]));
        return ExitCodes.UnknownCommand;
    }

    /// <summary>The most leading words of <paramref name="args"/> that name a group (<c>kv</c>, <c>kv metadata</c>).</summary>
    private List<string> LongestGroup(IReadOnlyList<string> args)
    {
        var group = new List<string>();
        foreach (var word in args)
        {
            var prefix = string.Join(' ', group.Append(word)) + " ";
            if (!commands.Any(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                break;
            }
            group.Add(word);
        }
        return group;
    }

    /// <summary>The command whose name matches the most leading words of <paramref name="args"/>.</summary>
    public (ICliCommand Command, int WordCount)? Find(IReadOnlyList<string> args)
    {
        (ICliCommand Command, int WordCount)? best = null;
        foreach (var command in commands)
        {
            var words = command.Name.Split(' ');
            var matches = words.Length <= args.Count && words.Select((word, i) => word == args[i]).All(same => same);
            if (matches && (best is null || words.Length > best.Value.WordCount))
            {
                best = (command, words.Length);
            }
        }

        return best;
    }

    /// <summary>Command list for the top level (empty prefix) or for a group such as ["operator"].</summary>
    private string Usage(IReadOnlyList<string> prefix)
    {
        var prefixText = string.Join(' ', prefix);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            var words = command.Name.Split(' ');
            if (!words.Take(prefix.Count).SequenceEqual(prefix) || words.Length == prefix.Count)
            {
                continue;
            }

            var next = words[prefix.Count];
            var isLeaf = words.Length == prefix.Count + 1;
            var groupKey = prefix.Count == 0 ? next : prefixText + " " + next;
            entries[next] = isLeaf ? command.Synopsis : groupSynopses.GetValueOrDefault(groupKey, "");
        }

        var width = entries.Keys.Max(k => k.Length);
        var text = new StringBuilder();
        var commandWord = prefix.Count == 0 ? "coffer <command>" : $"coffer {prefixText} <subcommand>";
        text.Append($"Usage: {commandWord} [args]\n\n");
        text.Append(prefix.Count == 0 ? "Commands:\n" : "Subcommands:\n");
        foreach (var (name, synopsis) in entries)
        {
            text.Append("    ").Append(name.PadRight(width)).Append("    ").Append(synopsis).Append('\n');
        }

        return text.ToString();
    }
}
