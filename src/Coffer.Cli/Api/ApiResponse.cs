namespace Coffer.Cli.Api;

/// <summary>An HTTP answer from the server, whatever its status.</summary>
internal sealed record ApiResponse(string Method, Uri Url, int StatusCode, string Body)
{
    /// <summary>Vault's client treats 200–399 as success; anything else carries an error body.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 400;

    public ApiResponseException ToException() => new(Method, Url, StatusCode, Body);

    /// <exception cref="ApiResponseException">The status is not a success.</exception>
    public ApiResponse EnsureSuccess() => IsSuccess ? this : throw ToException();
}
