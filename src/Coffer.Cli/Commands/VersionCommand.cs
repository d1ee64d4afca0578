using System.Reflection;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>`coffer version` (also `coffer -v`, `-version`, `--version`): prints "Coffer v&lt;version&gt;".</summary>
internal sealed class VersionCommand : ICliCommand
{
    private static readonly CommandHelp Help = new("coffer version", "Prints the version of this CLI.");

    public string Name => "version";

    public string Synopsis => "Print the Coffer version";

    public static string VersionText
    {
        get
        {
            var informational = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            // Drop build metadata ("+<commit>") that the SDK appends; operators compare release numbers.
            var plus = informational.IndexOf('+');
            return "Coffer v" + (plus < 0 ? informational : informational[..plus]);
        }
    }

    public Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        if (CommandLine.Parse(context, Help, new FlagSet(), args, minArguments: 0, maxArguments: 0, out var exitCode) is null)
        {
            return Task.FromResult(exitCode);
        }

        context.Out.WriteLine(VersionText);
        return Task.FromResult(ExitCodes.Success);
    }
}
