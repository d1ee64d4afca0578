namespace Coffer.Cli.Flags;

/// <summary>-h, -help or --help was given; not an error, the command prints its help and exits 0.</summary>
internal sealed class HelpRequestedException() : Exception("help requested");
