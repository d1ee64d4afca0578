namespace Coffer.Cli.Api;

/// <summary>A request did not produce a usable answer: either it never got one or the server returned an error.</summary>
internal abstract class ApiRequestException(string message, Exception? inner = null) : Exception(message, inner);
