namespace Coffer.Cli.Input;

/// <summary>A <c>K=V</c> argument, the file it names, or the JSON on stdin could not be used.</summary>
internal sealed class DataArgumentException(string message, Exception? inner = null) : Exception(message, inner);
