using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core;
using Coffer.Core.Telemetry;
using Coffer.Server.Config;
using Coffer.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Hosting;

/// <summary>The Kestrel host serving the API on every configured listener.</summary>
internal static class ApiHost
{
    public const long MaxRequestBodyBytes = 32L * 1024 * 1024;

    public static WebApplication Build(ServerConfig config, CofferCore core, MetricsRegistry metrics, LogLevel logLevel)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            foreach (var listener in config.Listeners)
            {
                kestrel.Listen(ListenerEndpoints.Resolve(listener.Address), options =>
                {
                    // HTTP/2 needs ALPN, so plain-text listeners speak HTTP/1.1 only.
                    options.Protocols = listener.TlsDisable ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    if (!listener.TlsDisable)
                    {
                        var certificate = X509Certificate2.CreateFromPemFile(listener.TlsCertFile!, listener.TlsKeyFile!);
                        options.UseHttps(certificate, https =>
                            https.SslProtocols = listener.TlsMinVersion == "tls13" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13);
                    }
                });
            }
        });
        var app = builder.Build();
        var runtime = new ServerRuntimeInfo
        {
            PrometheusEnabled = config.Telemetry.PrometheusRetentionSeconds > 0,
            UnauthenticatedMetricsAccess = config.Listeners.Any(l => l.UnauthenticatedMetricsAccess),
        };
        var handler = new ApiRequestHandler(core, new RawSystemEndpoints(core, metrics, runtime), metrics,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("coffer.http"));
        app.Run(handler.HandleAsync);
        return app;
    }
}
