namespace Coffer.Cli.Api;

/// <summary>The server answered with success, but without the fields the operation needs.</summary>
internal sealed class UnexpectedResponseException(string message) : ApiRequestException(message);
