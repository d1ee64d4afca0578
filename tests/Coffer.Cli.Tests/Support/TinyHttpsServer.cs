using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Coffer.Cli.Tests.Support;

/// <summary>
/// A minimal HTTPS endpoint (TcpListener + SslStream) that answers every request with one JSON body.
/// HttpListener cannot serve TLS portably, and these tests only need to prove the client's trust decisions.
/// </summary>
internal sealed class TinyHttpsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly string _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TinyHttpsServer(X509Certificate2 certificate, string body)
    {
        _certificate = certificate;
        _body = body;
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Uses "localhost" so the certificate's DNS name matches.</summary>
    public string Address => $"https://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            try
            {
                await AnswerAsync(client);
            }
            catch (Exception error) when (error is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client rejected our certificate; that is what some tests expect.
            }
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsServerAsync(_certificate);
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await tls.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var body = Encoding.UTF8.GetBytes(_body);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.WriteAsync(body);
        await tls.FlushAsync();
    }
}
