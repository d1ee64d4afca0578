using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>
/// The vault conventions for any command's command line, whether or not it takes the connection flags:
/// -h prints help and exits 0, a bad flag exits 1, and so does a wrong number of positional arguments.
/// </summary>
internal static class CommandLine
{
    /// <summary>For commands that never talk to a server: flags, then the positional argument count.</summary>
    /// <returns>The positional arguments, or null when the command must stop now; <paramref name="exitCode"/> then says how.</returns>
    public static IReadOnlyList<string>? Parse(
        CliContext context,
        CommandHelp help,
        FlagSet flags,
        IReadOnlyList<string> args,
        int minArguments,
        int maxArguments,
        out int exitCode)
    {
        var positional = ParseFlags(context, help, flags, args, out exitCode);
        if (positional is null)
        {
            return null;
        }

        if (ArgumentCountError(positional.Count, minArguments, maxArguments) is { } countError)
        {
            context.Err.WriteLine(countError);
            exitCode = ExitCodes.LocalError;
            return null;
        }

        return positional;
    }

    /// <returns>The positional arguments, or null after printing help or the flag error; <paramref name="exitCode"/> then says how.</returns>
    public static IReadOnlyList<string>? ParseFlags(
        CliContext context,
        CommandHelp help,
        FlagSet flags,
        IReadOnlyList<string> args,
        out int exitCode)
    {
        try
        {
            exitCode = ExitCodes.Success;
            return flags.Parse(args);
        }
        catch (HelpRequestedException)
        {
            context.Out.Write(help.Render(flags));
            exitCode = ExitCodes.Success;
        }
        catch (FlagParseException error)
        {
            context.Err.WriteLine(error.Message);
            exitCode = ExitCodes.LocalError;
        }

        return null;
    }

    /// <returns>vault's message when <paramref name="count"/> is outside the range, otherwise null.</returns>
    public static string? ArgumentCountError(int count, int minimum, int maximum) =>
        count < minimum ? $"Not enough arguments (expected {minimum}, got {count})"
        : count > maximum ? $"Too many arguments (expected {maximum}, got {count})"
        : null;
}
