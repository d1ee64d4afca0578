using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary><c>sys/config/auditing/request-headers[/:name]</c>: which request headers audit devices record (sudo, root namespace).</summary>
internal sealed class AuditedHeaderEndpoints(CofferCore core)
{
    public const string Prefix = "config/auditing/request-headers";

    public static bool Handles(string path) => path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal);

    public async Task<Response?> HandleAsync(Request request, string path, CancellationToken cancellationToken)
    {
        var settings = core.Audit.Headers.Settings;
        if (path == Prefix)
        {
            if (request.Operation != Operation.Read)
            {
                throw CofferError.UnsupportedOperation();
            }
            var headers = new JsonObject();
            foreach (var (name, hmac) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                headers[name] = Setting(hmac);
            }
            return Response.WithData(new JsonObject { ["headers"] = headers });
        }
        var header = path[(Prefix.Length + 1)..];
        if (header.Length == 0)
        {
            throw CofferError.BadRequest("missing header name");
        }
        switch (request.Operation)
        {
            case Operation.Read:
                return settings.TryGetValue(header.ToLowerInvariant(), out var hmac)
                    ? Response.WithData(new JsonObject { [header] = Setting(hmac) })
                    : throw CofferError.BadRequest("Could not find header in config");
            case Operation.Create or Operation.Update:
                await core.Audit.Headers.SetAsync(header, LenientFields.GetBool(request.Data, "hmac") ?? false, cancellationToken);
                return null;
            case Operation.Delete:
                await core.Audit.Headers.DeleteAsync(header, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private static JsonObject Setting(bool hmac) => new() { ["hmac"] = hmac };
}
