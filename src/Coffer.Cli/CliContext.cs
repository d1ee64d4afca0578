namespace Coffer.Cli;

/// <summary>Everything a command may touch outside its arguments; injected so commands run the same in tests.</summary>
internal sealed record CliContext(
    TextReader In,
    TextWriter Out,
    TextWriter Err,
    CliEnvironment Environment,
    TerminalInfo Terminal);
