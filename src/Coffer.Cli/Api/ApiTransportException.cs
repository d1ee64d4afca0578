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

        // .NET spreads the cause over nested exceptions ("The SSL connection could not be established, see
        // inner exception." → "The remote certificate is invalid ..."); keep each distinct part once.
        var parts = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            var message = current.Message.Replace(", see inner exception.", "", StringComparison.Ordinal).TrimEnd('.');
            if (message.Length > 0 && !parts.Any(part => part.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }
}
