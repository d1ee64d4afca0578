using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core;
using Coffer.Core.Replication.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Cluster;

/// <summary>
/// The cluster port (spec/replication.md §7.2): HTTP/2 over mutually authenticated TLS, trusted through this
/// cluster's replication CA only.
/// </summary>
/// <remarks>
/// Kestrel fixes its endpoints when it starts, yet the CA appears only when a replication role is enabled (or at an
/// unseal that finds one in storage). Rather than binding the port from the start and refusing every handshake, the
/// listener is a separate Kestrel instance started the first time a CA becomes available: a node that never
/// replicates opens no extra port (and cannot collide with whatever owns API port + 1), and only a node holding
/// the CA listens, as in Vault where only the active node runs cluster listeners. Once started it stays bound; each
/// handshake reads the CA the core holds at that moment, so a sealed node (no CA in memory) refuses every
/// connection and a revocation applies to the next handshake and the next request.
/// </remarks>
public sealed class ClusterListener : IAsyncDisposable
{
    private readonly CofferCore _core;
    private readonly IPEndPoint _endpoint;
    private readonly TextWriter _error;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private WebApplication? _app;

    public ClusterListener(CofferCore core, IPEndPoint endpoint, TextWriter error)
    {
        _core = core;
        _endpoint = endpoint;
        _error = error;
    }

    public bool IsRunning => _app is not null;

    /// <summary>Starts now when the core already holds a CA, and otherwise as soon as it gets one.</summary>
    public async Task AttachAsync(CancellationToken cancellationToken = default)
    {
        _core.ClusterTls.OnAuthorityAvailable((_, ct) => StartAsync(ct));
        if (_core.ClusterTls.Authority is not null)
        {
            await StartAsync(cancellationToken);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_app is not null)
            {
                return;
            }
            var app = Build();
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                // A busy port must not fail the unseal or enable call that triggered the start; the operator sees it here.
                await _error.WriteLineAsync($"[ERROR] cluster listener: cannot listen on {_endpoint}: {e.Message}");
                await app.DisposeAsync();
                return;
            }
            _app = app;
        }
        finally
        {
            _startLock.Release();
        }
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(_endpoint, options =>
            {
                options.Protocols = HttpProtocols.Http2;
                options.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = context => ValueTask.FromResult(HandshakeOptions()) });
            });
        });
        var app = builder.Build();
        var endpoints = new ClusterEndpoints(_core);
        app.Run(endpoints.HandleAsync);
        return app;
    }

    /// <summary>The TLS settings for one incoming connection, from the CA held right now.</summary>
    private SslServerAuthenticationOptions HandshakeOptions()
    {
        var authority = _core.ClusterTls.Authority
                        ?? throw new AuthenticationException("the cluster port is closed: this node holds no replication CA (sealed?)");
        var validator = authority.CreateValidator();
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(authority.ServerCertificate, [], offline: true),
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // The platform's verdict (built against system roots) is ignored: only our CA and live secondaries count.
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is X509Certificate2 presented && validator.Validate(presented).Accepted,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                await _app.StopAsync(timeout.Token);
            }
            await _app.DisposeAsync();
            _app = null;
        }
    }
}
