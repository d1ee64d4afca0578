namespace Coffer.Cli.Api;

/// <summary>
/// The request never got an HTTP answer (refused connection, DNS, TLS, timeout). The message follows Go's
/// <c>Put "URL": cause</c> form, which is what vault prints for the same failures.
/// </summary>
internal sealed class ApiTransportException(string method, Uri url, Exception inner)
    : ApiRequestException($"{GoMethodName(method)} \"{url}\": {DescribeCause(inner)}", inner)
{
    private static string GoMethodName(string method) =>
        method.Length == 0 ? method : method[..1].ToUpperInvariant() + method[1..].ToLowerInvariant();

    private static string DescribeCause(Exception error)
    {
        if (error is TaskCanceledException)
        {
            return "request timed out";
        }

        // HttpRequestException's own message is generic ("An error occurred while sending the request");
        // the innermost exception names the actual cause.
        var innermost = error;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, error) ? error.Message : $"{error.Message} ({innermost.Message})";
    }
}
