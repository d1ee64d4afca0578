namespace Coffer.Cli.Commands.Login;

/// <summary>A login method could not make its request (missing username, unreadable password, ...).</summary>
internal sealed class LoginMethodException(string message) : Exception(message);
