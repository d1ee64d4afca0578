using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coffer.Cli.Tests.Support;

/// <summary>
/// A real HTTP listener on 127.0.0.1 that answers with canned Vault responses and records every request,
/// so tests see exactly the method, path, headers and body the CLI puts on the wire.
/// Unconfigured routes answer 404 with Vault's empty error list.
/// </summary>
internal sealed class FakeVaultServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Dictionary<string, (int Status, string Body)> _routes = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly Task _serveLoop;

    private FakeVaultServer(HttpListener listener, string address)
    {
        _listener = listener;
        Address = address;
        _serveLoop = Task.Run(ServeAsync);
    }

    public string Address { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static FakeVaultServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            var address = $"http://127.0.0.1:{port}";
            listener.Prefixes.Add(address + "/");
            try
            {
                listener.Start();
                return new FakeVaultServer(listener, address);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
                listener.Close();
            }
        }
    }

    /// <param name="path">The full request path, e.g. "/v1/secret/foo".</param>
    public FakeVaultServer Respond(string method, string path, int status, string body = "")
    {
        lock (_routes)
        {
            _routes[method + " " + path] = (status, body);
        }

        return this;
    }

    public RecordedRequest SingleRequest()
    {
        var requests = Requests;
        Assert.Single(requests);
        return requests[0];
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serveLoop;
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.AllKeys
            .Where(name => name is not null)
            .ToDictionary(name => name!, name => request.Headers[name] ?? "", StringComparer.OrdinalIgnoreCase);
        var path = request.Url!.AbsolutePath;
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.HttpMethod, path, request.Url.Query, headers, body));
        }

        (int Status, string Body) answer;
        lock (_routes)
        {
            answer = _routes.TryGetValue(request.HttpMethod + " " + path, out var canned) ? canned : (404, "{\"errors\":[]}");
        }

        var response = context.Response;
        response.StatusCode = answer.Status;
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        if (bytes.Length > 0)
        {
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }

        response.Close();
    }
}
