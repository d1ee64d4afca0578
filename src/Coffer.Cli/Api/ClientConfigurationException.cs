namespace Coffer.Cli.Api;

/// <summary>The client cannot be set up (bad address, unreadable CA file, malformed variable).</summary>
internal sealed class ClientConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
