using System.Text.Json.Nodes;
using Coffer.Core.Access.Namespaces;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary><c>sys/namespaces</c>: children of the namespace the request is made in.</summary>
internal sealed class NamespaceEndpoints(CofferCore core)
{
    public async Task<Response?> HandleAsync(Request request, string name, CancellationToken cancellationToken)
    {
        var parent = core.Namespaces.ById(request.NamespaceId) ?? throw CofferError.NotFound("namespace not found");
        if (name.Length == 0)
        {
            return request.Operation == Operation.List ? List(parent) : throw CofferError.UnsupportedOperation();
        }
        var existing = core.Namespaces.ByPath(parent.Path + name);
        switch (request.Operation)
        {
            case Operation.Read:
                return existing is null ? null : Response.WithData(existing.ToJson());
            case Operation.Create or Operation.Update:
                if (NamespaceStore.NormalizePath(name).TrimEnd('/').Contains('/'))
                {
                    throw CofferError.BadRequest("namespaces are created one level at a time, from their parent namespace");
                }
                var metadata = LenientFields.GetStringMap(request.Data, "custom_metadata") ?? new Dictionary<string, string>();
                return Response.WithData((await core.CreateNamespaceAsync(parent, name, metadata, cancellationToken)).ToJson());
            case Operation.Patch:
                if (existing is null)
                {
                    return null;
                }
                var merged = new Dictionary<string, string>(existing.CustomMetadata);
                if (LenientFields.GetObject(request.Data, "custom_metadata") is { } patch)
                {
                    foreach (var (key, value) in patch)
                    {
                        if (value is null)
                        {
                            merged.Remove(key);
                        }
                        else
                        {
                            merged[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString();
                        }
                    }
                }
                return Response.WithData((await core.Namespaces.UpdateMetadataAsync(existing, merged, cancellationToken)).ToJson());
            case Operation.Delete:
                if (existing is not null)
                {
                    if (core.Namespaces.Children(existing).Count > 0)
                    {
                        throw CofferError.BadRequest($"cannot delete namespace \"{existing.Path}\": it has child namespaces");
                    }
                    await core.DeleteNamespaceAsync(existing, cancellationToken);
                }
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private Response List(NamespaceEntry parent)
    {
        var children = core.Namespaces.Children(parent);
        var keyInfo = new JsonObject();
        var keys = new List<string>();
        foreach (var child in children)
        {
            var key = child.Path[parent.Path.Length..];
            keys.Add(key);
            keyInfo[key] = child.ToJson();
        }
        var response = Response.ListOf(keys);
        response.Data!["key_info"] = keyInfo;
        return response;
    }
}
