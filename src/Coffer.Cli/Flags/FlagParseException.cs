namespace Coffer.Cli.Flags;

/// <summary>The command line is malformed; the message is shown to the user as is.</summary>
internal sealed class FlagParseException(string message) : Exception(message);
