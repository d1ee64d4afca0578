namespace Coffer.Bench.Cli;

/// <summary>A command line that cannot be understood; callers print usage and exit 2.</summary>
public sealed class FlagException(string message) : Exception(message);
