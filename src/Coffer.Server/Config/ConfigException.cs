namespace Coffer.Server.Config;

/// <summary>A configuration problem, worded as <c>file:line:column: message</c> so the operator can go straight to it.</summary>
public sealed class ConfigException(string message) : Exception(message);
