using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.AppRole;

/// <summary>
/// The AppRole auth method (spec/vault-api.md §5.3): roles with a role id, secret ids issued against them, and
/// <c>login</c> with both. Secret ids are stored only as HMACs; the core issues the token.
/// </summary>
public sealed class AppRoleBackend : ILogicalBackend
{
    private const string TidyStartedWarning =
        "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";

    private readonly AppRoleStore _store;
    private readonly AppRoleLogin _login;
    private readonly SecretIdIssuer _issuer;
    private readonly SecretIdEndpoints _secretIds;
    private readonly SecretIdTidy _tidy;

    /// <summary>Role writes are rare; one gate keeps role-id uniqueness checks and role read-modify-write simple.</summary>
    private readonly SemaphoreSlim _roleWrites = new(1, 1);

    public AppRoleBackend(ISecureStorage storage, IClock clock)
    {
        _store = new AppRoleStore(storage);
        var secretLocks = new StripedAsyncLock();
        _login = new AppRoleLogin(_store, secretLocks, clock);
        _issuer = new SecretIdIssuer(_store, secretLocks, clock);
        _secretIds = new SecretIdEndpoints(_store, secretLocks, clock);
        _tidy = new SecretIdTidy(_store, secretLocks, clock);
    }

    public bool IsUnauthenticated(string relativePath) => relativePath == "login";

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) =>
        Segments(request.MountRelativePath) is ["role", var name]
            ? await _store.GetRoleAsync(RoleEntry.RequireName(name), cancellationToken) is not null
            : null;

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var op = request.Operation;
        var isWrite = op is Operation.Create or Operation.Update;
        switch (Segments(request.MountRelativePath))
        {
            case ["login"] when isWrite:
                return await _login.LoginAsync(request, cancellationToken);
            case ["tidy", "secret-id"] when isWrite:
                await _tidy.RunAsync(cancellationToken);
                var tidied = new Response();
                tidied.Warnings.Add(TidyStartedWarning);
                return tidied;
            case ["role"] when op == Operation.List:
                return Response.ListOf(await _store.ListRolesAsync(cancellationToken));
            case ["role", var name]:
                return op switch
                {
                    Operation.Read => await ReadRoleAsync(name, cancellationToken),
                    Operation.Create or Operation.Update => await WriteRoleAsync(name, request.Data, false, cancellationToken),
                    Operation.Delete => await DeleteRoleAsync(name, cancellationToken),
                    _ => throw CofferError.UnsupportedOperation(),
                };
            case ["role", var name, "role-id"]:
                return op switch
                {
                    Operation.Read => await ReadRoleIdAsync(name, cancellationToken),
                    Operation.Create or Operation.Update => await SetRoleIdAsync(name, request.Data, cancellationToken),
                    _ => throw CofferError.UnsupportedOperation(),
                };
            case ["role", var name, "secret-id"] when op == Operation.List:
                return await WithRoleOrNullAsync(name, role => _secretIds.ListAccessorsAsync(role, cancellationToken), cancellationToken);
            case ["role", var name, "secret-id"] when isWrite:
                return await _issuer.IssueAsync(await RequireRoleAsync(name, cancellationToken), request.Data, null, cancellationToken);
            case ["role", var name, "custom-secret-id"] when isWrite:
                var custom = LenientFields.GetString(request.Data, "secret_id");
                if (string.IsNullOrEmpty(custom))
                {
                    throw CofferError.BadRequest("missing secret_id");
                }
                return await _issuer.IssueAsync(await RequireRoleAsync(name, cancellationToken), request.Data, custom, cancellationToken);
            case ["role", var name, "secret-id", "lookup"] when isWrite:
                return await _secretIds.LookupBySecretIdAsync(await RequireRoleAsync(name, cancellationToken), request, cancellationToken);
            case ["role", var name, "secret-id", "destroy"] when isWrite || op == Operation.Delete:
                return await _secretIds.DestroyBySecretIdAsync(await RequireRoleAsync(name, cancellationToken), request, cancellationToken);
            case ["role", var name, "secret-id-accessor", "lookup"] when isWrite:
                return await _secretIds.LookupByAccessorAsync(await RequireRoleAsync(name, cancellationToken), request, cancellationToken);
            case ["role", var name, "secret-id-accessor", "destroy"] when isWrite || op == Operation.Delete:
                return await _secretIds.DestroyByAccessorAsync(await RequireRoleAsync(name, cancellationToken), request, cancellationToken);
            case ["role", var name, var segment] when RoleFieldEndpoints.Find(segment) is { } field:
                return await HandleFieldAsync(name, field, request, cancellationToken);
            case ["login"] or ["tidy", "secret-id"] or ["role"] or ["role", _, "secret-id" or "custom-secret-id"]
                or ["role", _, "secret-id" or "secret-id-accessor", "lookup" or "destroy"]:
                throw CofferError.UnsupportedOperation();
            default:
                throw CofferError.UnsupportedPath(request.Path);
        }
    }

    private async Task<Response?> ReadRoleAsync(string name, CancellationToken cancellationToken)
    {
        var role = await _store.GetRoleAsync(RoleEntry.RequireName(name), cancellationToken);
        return role is null ? null : Response.WithData(role.ToReadData());
    }

    /// <summary>Creates or updates a role; <paramref name="mustExist"/> is set by the one-field endpoints.</summary>
    private async Task<Response?> WriteRoleAsync(string name, JsonObject data, bool mustExist, CancellationToken cancellationToken)
    {
        var key = RoleEntry.RequireName(name);
        await _roleWrites.WaitAsync(cancellationToken);
        try
        {
            var existing = await _store.GetRoleAsync(key, cancellationToken);
            if (existing is null && mustExist)
            {
                throw RoleMissing(name);
            }
            var role = existing ?? new RoleEntry { Name = name, StorageId = RandomUuid.Create() };
            role.Apply(data, creating: existing is null);
            var requestedRoleId = LenientFields.GetString(data, "role_id");
            var roleId = string.IsNullOrEmpty(requestedRoleId) ? (existing is null ? RandomUuid.Create() : role.RoleId) : requestedRoleId;
            var batch = await RoleIdChangeAsync(key, role, roleId, cancellationToken);
            batch.Add(SecureOperation.Put(AppRoleStore.RoleKey(key), StoredJson.Serialize(role)));
            await _store.Storage.CommitAsync(batch, cancellationToken);
            return null;
        }
        finally
        {
            _roleWrites.Release();
        }
    }

    private async Task<Response?> DeleteRoleAsync(string name, CancellationToken cancellationToken)
    {
        var key = RoleEntry.RequireName(name);
        await _roleWrites.WaitAsync(cancellationToken);
        try
        {
            var role = await _store.GetRoleAsync(key, cancellationToken);
            if (role is null)
            {
                return null;
            }
            var batch = new List<SecureOperation>
            {
                SecureOperation.Delete(AppRoleStore.RoleKey(key)),
                SecureOperation.Delete(await _store.RoleIdKeyAsync(role.RoleId, cancellationToken)),
            };
            var folder = AppRoleStore.SecretFolder(role);
            foreach (var hmac in await _store.Storage.ListAsync(folder, cancellationToken))
            {
                if (await _store.GetSecretAsync(role, hmac, cancellationToken) is { } secret)
                {
                    batch.AddRange(await _store.DeleteSecretOperationsAsync(role, hmac, secret, cancellationToken));
                }
            }
            await _store.Storage.CommitAsync(batch, cancellationToken);
            return null;
        }
        finally
        {
            _roleWrites.Release();
        }
    }

    private async Task<Response?> ReadRoleIdAsync(string name, CancellationToken cancellationToken)
    {
        var role = await _store.GetRoleAsync(RoleEntry.RequireName(name), cancellationToken);
        return role is null ? null : Response.WithData(new JsonObject { ["role_id"] = role.RoleId });
    }

    private async Task<Response?> SetRoleIdAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var roleId = LenientFields.GetString(data, "role_id");
        if (string.IsNullOrEmpty(roleId))
        {
            throw CofferError.BadRequest("missing role_id");
        }
        return await WriteRoleAsync(name, new JsonObject { ["role_id"] = roleId }, mustExist: true, cancellationToken);
    }

    /// <summary>Index updates for moving <paramref name="role"/> to <paramref name="roleId"/>; 400 when another role holds it.</summary>
    private async Task<List<SecureOperation>> RoleIdChangeAsync(string key, RoleEntry role, string roleId, CancellationToken cancellationToken)
    {
        if (roleId == role.RoleId)
        {
            return [];
        }
        var holder = await _store.RoleNameForRoleIdAsync(roleId, cancellationToken);
        if (holder is not null && holder != key)
        {
            throw CofferError.BadRequest("role_id already in use");
        }
        var batch = new List<SecureOperation>();
        if (role.RoleId.Length > 0)
        {
            batch.Add(SecureOperation.Delete(await _store.RoleIdKeyAsync(role.RoleId, cancellationToken)));
        }
        batch.Add(SecureOperation.Put(await _store.RoleIdKeyAsync(roleId, cancellationToken), System.Text.Encoding.UTF8.GetBytes(key)));
        role.RoleId = roleId;
        return batch;
    }

    private async Task<Response?> HandleFieldAsync(string name, RoleFieldEndpoints.Field field, Request request, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case Operation.Read:
                var role = await _store.GetRoleAsync(RoleEntry.RequireName(name), cancellationToken);
                return role is null ? null : Response.WithData(RoleFieldEndpoints.Read(field, role));
            case Operation.Create or Operation.Update when field.Default is not null:
                return await WriteRoleAsync(name, RoleFieldEndpoints.UpdateData(field, request.Data), mustExist: true, cancellationToken);
            case Operation.Delete when field.Default is not null:
                return await WriteRoleAsync(name, RoleFieldEndpoints.ResetData(field), mustExist: true, cancellationToken);
            default:
                throw CofferError.UnsupportedOperation();
        }
    }

    private async Task<RoleEntry> RequireRoleAsync(string name, CancellationToken cancellationToken) =>
        await _store.GetRoleAsync(RoleEntry.RequireName(name), cancellationToken) ?? throw RoleMissing(name);

    private async Task<Response?> WithRoleOrNullAsync(string name, Func<RoleEntry, Task<Response?>> action, CancellationToken cancellationToken)
    {
        var role = await _store.GetRoleAsync(RoleEntry.RequireName(name), cancellationToken);
        return role is null ? null : await action(role);
    }

    private static CofferError RoleMissing(string name) => CofferError.BadRequest($"role \"{name}\" does not exist");

    private static string[] Segments(string relativePath) => relativePath.TrimEnd('/').Split('/');
}
