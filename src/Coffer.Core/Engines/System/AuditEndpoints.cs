using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary><c>sys/audit</c> and <c>sys/audit-hash</c>: audit devices exist in the root namespace only.</summary>
internal sealed class AuditEndpoints(CofferCore core)
{
    public Response List() => Response.WithData(core.Audit.ListJson());

    public async Task<Response?> HandleDeviceAsync(Request request, string path, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Create or Operation.Update:
                var type = LenientFields.GetString(request.Data, "type");
                if (string.IsNullOrEmpty(type))
                {
                    throw CofferError.BadRequest("audit type must be specified");
                }
                await core.Audit.EnableAsync(path, type, LenientFields.GetString(request.Data, "description") ?? "",
                    LenientFields.GetStringMap(request.Data, "options") ?? new Dictionary<string, string>(),
                    LenientFields.GetBool(request.Data, "local") ?? false, cancellationToken);
                return null;
            case Operation.Delete:
                await core.Audit.DisableAsync(path, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    public async Task<Response> HashAsync(Request request, string path, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Create or Operation.Update))
        {
            throw CofferError.UnsupportedOperation();
        }
        var input = LenientFields.GetString(request.Data, "input") ?? throw CofferError.BadRequest("the input parameter is required");
        return Response.WithData(new JsonObject { ["hash"] = await core.Audit.HashAsync(path, input, cancellationToken) });
    }
}
