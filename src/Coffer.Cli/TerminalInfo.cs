namespace Coffer.Cli;

/// <summary>
/// Whether the standard streams are attached to a terminal. Passed in rather than read from
/// <see cref="Console"/> so tests behave like a pipe no matter how the test runner was started.
/// </summary>
internal sealed record TerminalInfo(bool StdinIsTerminal, bool StdoutIsTerminal)
{
    public static TerminalInfo Redirected { get; } = new(false, false);

    public static TerminalInfo FromConsole() => new(!Console.IsInputRedirected, !Console.IsOutputRedirected);
}
