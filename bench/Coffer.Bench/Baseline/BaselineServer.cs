using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coffer.Bench.Baseline;

/// <summary>
/// The ceiling to compare Coffer against: Kestrel on plain HTTP/1.1 answering a fixed
/// Vault-style body with no routing, auth, storage or logging, i.e. what the same machine
/// and generator achieve when the server does (almost) no work.
/// </summary>
public sealed class BaselineServer(IPEndPoint endpoint) : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Bound address; differs from the requested one when port 0 asked for a free port.</summary>
    public string Address { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // Console logging costs a lot of CPU per request on a 2-core box; the baseline must stay cheap.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;

        var addresses = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses
            : null;
        Address = addresses?.FirstOrDefault() ?? $"http://{endpoint}";
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) =>
        _app?.WaitForShutdownAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var isBenchPath = request.Path.Equals("/v1/secret/bench", StringComparison.Ordinal);
        var method = request.Method;
        if (isBenchPath && (HttpMethods.IsPost(method) || HttpMethods.IsPut(method)))
        {
            // Consume the body like a real write would, so write tests pay for the upload.
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        var body = isBenchPath && (HttpMethods.IsGet(method) || HttpMethods.IsPost(method) || HttpMethods.IsPut(method))
            ? BaselineResponses.Secret
            : BaselineResponses.NotFound;
        response.StatusCode = ReferenceEquals(body, BaselineResponses.Secret) ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
