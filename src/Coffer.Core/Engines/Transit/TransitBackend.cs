using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// The transit engine: named, versioned keys that encrypt and decrypt for callers without the key ever leaving
/// the server. Key management lives here; the data operations are in <see cref="TransitDataOperations"/>.
/// </summary>
public sealed class TransitBackend : ILogicalBackend
{
    private readonly TransitKeyStore _keys;
    private readonly TransitDataOperations _data;
    private readonly TransitHmacOperations _hmac;
    private readonly TransitSigningOperations _signing;
    private readonly IClock _clock;

    public TransitBackend(ISecureStorage storage, IClock? clock = null)
    {
        _clock = clock ?? SystemClock.Instance;
        _keys = new TransitKeyStore(storage);
        _data = new TransitDataOperations(_keys, _clock);
        _hmac = new TransitHmacOperations(_keys);
        _signing = new TransitSigningOperations(_keys);
    }

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var segments = request.MountRelativePath.Split('/');
        var isWrite = request.Operation is Operation.Create or Operation.Update;
        switch (segments)
        {
            case ["keys", ""] or ["keys"] when request.Operation == Operation.List:
                return Response.ListOf(await _keys.ListAsync(cancellationToken));
            case ["keys", var name] when name.Length > 0:
                return await KeyAsync(request, name, cancellationToken);
            case ["keys", var name, "config"] when isWrite && name.Length > 0:
                return await ConfigAsync(name, request.Data, cancellationToken);
            case ["keys", var name, "rotate"] when isWrite && name.Length > 0:
                return await RotateAsync(name, cancellationToken);
            case ["encrypt" or "decrypt" or "rewrap" or "datakey", ..] when isWrite:
                return await _data.HandleAsync(request, segments, cancellationToken);
            case ["sign", ..] when isWrite:
                return await _signing.SignAsync(request, segments, cancellationToken);
            case ["verify", ..] when isWrite && !TransitHmacOperations.CarriesHmac(request.Data):
                return await _signing.VerifyAsync(request, segments, cancellationToken);
            case ["hmac" or "verify", ..] when isWrite:
                return await _hmac.HandleAsync(request, segments, cancellationToken);
            case ["export", ..] when request.Operation == Operation.Read:
                return await TransitExport.HandleAsync(_keys, segments, cancellationToken);
            case ["random", ..] or ["hash", ..] when isWrite:
                return TransitTools.Handle(segments, request.Data);
            default:
                throw CofferError.UnsupportedPath(request.MountRelativePath);
        }
    }

    /// <summary>Only encrypt upserts: a missing key makes the POST a <c>create</c> for the ACL.</summary>
    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) =>
        request.MountRelativePath.Split('/') is ["encrypt", var name] && name.Length > 0
            ? await _keys.GetAsync(name, cancellationToken) is not null
            : null;

    private async Task<Response?> KeyAsync(Request request, string name, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var policy = await _keys.GetAsync(name, cancellationToken);
                return policy is null
                    ? null
                    : Response.WithData(policy.Describe(TransitCipher.DecodeBase64(LenientFields.GetString(request.Data, "context"), "context")));
            case Operation.Create or Operation.Update:
                await CreateKeyAsync(name, request.Data, cancellationToken);
                return null;
            case Operation.Delete:
                await DeleteKeyAsync(name, cancellationToken);
                return null;
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private async Task CreateKeyAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var template = NewPolicy(name, data, _clock.UtcNow);
        // Creating a key that exists is a no-op, as in Vault: it must never replace existing key material.
        await _keys.UpdateAsync(name, existing => existing is null ? template : null, cancellationToken);
    }

    /// <summary>A new version-1 key from the creation fields (also used by encrypt upsert).</summary>
    internal static TransitPolicy NewPolicy(string name, JsonObject data, DateTimeOffset now, bool? derivedOverride = null)
    {
        var derived = derivedOverride ?? LenientFields.GetBool(data, "derived") ?? false;
        var convergent = LenientFields.GetBool(data, "convergent_encryption") ?? false;
        var type = TransitKeyTypes.Parse(LenientFields.GetString(data, "type"));
        var keySize = (int)Math.Clamp(LenientFields.GetInt(data, "key_size") ?? 0, int.MinValue, int.MaxValue);
        if (keySize != 0 && type != TransitKeyType.Hmac)
        {
            throw CofferError.BadRequest("key_size is not valid for algorithm " + TransitKeyTypes.Name(type));
        }
        if (keySize != 0 && keySize is < TransitKeyTypes.HmacMinKeySize or > TransitKeyTypes.HmacMaxKeySize)
        {
            throw CofferError.BadRequest("invalid key_size " + keySize.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
        }
        if ((derived || convergent) && !TransitKeyTypes.SupportsDerivation(type))
        {
            throw CofferError.BadRequest("key derivation and convergent encryption not supported for keys of type " + TransitKeyTypes.Name(type));
        }
        if (convergent && !TransitKeyTypes.SupportsConvergent(type))
        {
            throw CofferError.BadRequest("convergent encryption not supported for keys of type " + TransitKeyTypes.Name(type));
        }
        if (convergent && !derived)
        {
            throw CofferError.BadRequest("convergent encryption requires derivation to be enabled");
        }
        var policy = new TransitPolicy
        {
            Name = name,
            Type = type,
            Derived = derived,
            ConvergentEncryption = convergent,
            Exportable = LenientFields.GetBool(data, "exportable") ?? false,
            AllowPlaintextBackup = LenientFields.GetBool(data, "allow_plaintext_backup") ?? false,
            KeySize = type == TransitKeyType.Hmac ? (keySize == 0 ? TransitKeyTypes.HmacMinKeySize : keySize) : 0,
        };
        policy.Rotate(now);
        return policy;
    }

    private async Task DeleteKeyAsync(string name, CancellationToken cancellationToken)
    {
        var policy = await _keys.GetAsync(name, cancellationToken)
            ?? throw CofferError.BadRequest($"could not delete key; not found");
        if (!policy.DeletionAllowed)
        {
            throw CofferError.BadRequest("deletion is not allowed for this key");
        }
        await _keys.DeleteAsync(name, cancellationToken);
    }

    private async Task<Response?> RotateAsync(string name, CancellationToken cancellationToken)
    {
        var rotated = await _keys.UpdateAsync(name, policy =>
        {
            if (policy is null)
            {
                throw CofferError.BadRequest("key not found");
            }
            policy.Rotate(_clock.UtcNow);
            return policy;
        }, cancellationToken);
        return Response.WithData(rotated!.Describe());
    }

    private async Task<Response?> ConfigAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var updated = await _keys.UpdateAsync(name, policy =>
        {
            if (policy is null)
            {
                throw CofferError.BadRequest("no existing key named " + name + " could be found");
            }
            TransitKeyConfig.Apply(policy, data);
            return policy;
        }, cancellationToken);
        return Response.WithData(updated!.Describe());
    }
}
