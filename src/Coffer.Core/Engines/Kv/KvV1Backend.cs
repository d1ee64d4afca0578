using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Kv;

/// <summary>
/// Version 1 of the key/value engine: one unversioned JSON object per path. A <c>ttl</c> key is advisory and
/// reported as <c>lease_duration</c>; no lease is created.
/// </summary>
public sealed class KvV1Backend : ILogicalBackend
{
    private readonly ISecureStorage storage;
    private readonly Func<long> mountDefaultLeaseTtl;

    // Requests pass this gate so an upgrade to version 2 can stop new ones and wait for those under way: a write that
    // finished after the migration read the keys would be lost.
    private readonly RequestGate _gate = new();

    public KvV1Backend(ISecureStorage storage, Func<long> mountDefaultLeaseTtl)
    {
        this.storage = storage;
        this.mountDefaultLeaseTtl = mountDefaultLeaseTtl;
        _gate.Open();
    }

    /// <summary>Refuses new requests with the upgrade error and waits until the ones in progress have finished.</summary>
    public Task CloseForUpgradeAsync() => _gate.CloseAsync();

    /// <summary>Serves requests again after an upgrade that could not start.</summary>
    public void Reopen() => _gate.Open();

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (!_gate.TryEnter())
        {
            throw KvUpgradingBackend.Error();
        }
        try
        {
            return await HandleOpenAsync(request, cancellationToken);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private async Task<Response?> HandleOpenAsync(Request request, CancellationToken cancellationToken)
    {
        var path = request.MountRelativePath;
        switch (request.Operation)
        {
            case Operation.List:
                return Response.ListOf(await storage.ListAsync(path, cancellationToken));
            case Operation.Read:
                return await ReadAsync(path, cancellationToken);
            case Operation.Create or Operation.Update:
                await WriteAsync(path, request.Data, cancellationToken);
                return null;
            case Operation.Delete:
                RequirePath(path);
                await storage.DeleteAsync(path, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken)
    {
        if (!_gate.TryEnter())
        {
            throw KvUpgradingBackend.Error();
        }
        try
        {
            return await storage.GetAsync(request.MountRelativePath, cancellationToken) is not null;
        }
        finally
        {
            _gate.Exit();
        }
    }

    private async Task<Response?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        RequirePath(path);
        var stored = await storage.GetAsync(path, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var data = JsonNode.Parse(stored)!.AsObject();
        var ttl = AdvisoryTtl(data) ?? mountDefaultLeaseTtl();
        return new Response { Data = data, LeaseDuration = ttl };
    }

    private async Task WriteAsync(string path, JsonObject data, CancellationToken cancellationToken)
    {
        RequirePath(path);
        if (data.Count == 0)
        {
            throw CofferError.BadRequest("missing data fields");
        }
        AdvisoryTtl(data);
        await storage.PutAsync(path, JsonSerializer.SerializeToUtf8Bytes(data), cancellationToken);
    }

    private static long? AdvisoryTtl(JsonObject data)
    {
        var field = data.ContainsKey("ttl") ? "ttl" : data.ContainsKey("lease") ? "lease" : null;
        if (field is null)
        {
            return null;
        }
        try
        {
            return LenientFields.GetDurationSeconds(data, field);
        }
        catch (CofferError)
        {
            throw CofferError.BadRequest($"failed to parse {field}: invalid duration");
        }
    }

    private static void RequirePath(string path)
    {
        if (path.Length == 0 || path.EndsWith('/'))
        {
            throw CofferError.BadRequest("missing path");
        }
    }
}
