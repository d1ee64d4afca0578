namespace Coffer.Cli.Api;

/// <summary>The server answered successfully but with a body that is not the expected JSON.</summary>
internal sealed class ApiDecodeException(ApiResponse response, Exception? inner = null)
    : ApiRequestException($"unexpected response from {response.Method} {response.Url}: body is not a JSON object", inner);
