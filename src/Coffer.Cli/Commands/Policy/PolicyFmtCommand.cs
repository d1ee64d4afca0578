using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Policies;

namespace Coffer.Cli.Commands.Policy;

/// <summary>
/// `coffer policy fmt FILE`: rewrites an HCL policy file in the canonical layout. Purely local, so it takes
/// none of the connection flags. The file is only written after the whole policy has parsed and validated.
/// </summary>
internal sealed class PolicyFmtCommand : ICliCommand
{
    private static readonly CommandHelp Help = new(
        "coffer policy fmt [options] PATH",
        "Formats a local policy file in place: two-space indentation, aligned attributes, one blank line " +
        "between path blocks; comments are kept. The policy is parsed and checked first, and a file with " +
        "syntax errors or unknown keys or capabilities is reported and left untouched. HCL policies only.");

    public string Name => "policy fmt";

    public string Synopsis => "Format a policy file in place";

    public Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        var positional = CommandLine.Parse(context, Help, new FlagSet(), args, minArguments: 1, maxArguments: 1, out var exitCode);
        if (positional is null)
        {
            return Task.FromResult(exitCode);
        }

        return Task.FromResult(Format(ExpandHome(positional[0].Trim(), context), context));
    }

    private static int Format(string path, CliContext context)
    {
        string original;
        try
        {
            original = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            context.Err.WriteLine($"Error reading source file: {error.Message}");
            return ExitCodes.LocalError;
        }

        string formatted;
        try
        {
            formatted = PolicyFormatter.Format(original);
        }
        catch (PolicyFormatException error)
        {
            context.Err.WriteLine($"Failed to parse policy {path}: {error.Message}");
            return ExitCodes.LocalError;
        }

        try
        {
            // Skipping an unchanged file keeps its timestamp, so build tools do not see a change.
            if (formatted != original)
            {
                File.WriteAllText(path, formatted);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            context.Err.WriteLine($"Error writing result: {error.Message}");
            return ExitCodes.LocalError;
        }

        context.Out.WriteLine($"Success! Formatted policy: {path}");
        return ExitCodes.Success;
    }

    /// <summary>"~/x" means the home directory, as in vault, for paths quoted so the shell left them alone.</summary>
    private static string ExpandHome(string path, CliContext context)
    {
        if (path != "~" && !path.StartsWith("~/", StringComparison.Ordinal))
        {
            return path;
        }

        var home = TokenHelper.HomeDirectory(context.Environment);
        return home is null ? path : Path.Combine(home, path.TrimStart('~').TrimStart('/'));
    }
}
