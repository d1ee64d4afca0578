using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth.Userpass;

/// <summary>
/// The userpass auth method (spec/vault-api.md §5.2): users with a password and token settings, and
/// <c>login/:username</c>. Passwords are kept only as PBKDF2 verifiers; the core issues the token.
/// </summary>
public sealed class UserpassBackend(ISecureStorage storage) : ILogicalBackend
{
    private const string UserPrefix = "user/";
    private const string InvalidCredentials = "invalid username or password";

    /// <summary>Serialises read-modify-write of one user (updates, password changes, re-hashing at login).</summary>
    private readonly StripedAsyncLock _userLocks = new(64);

    public bool IsUnauthenticated(string relativePath) => relativePath.StartsWith("login/", StringComparison.Ordinal);

    public async Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken)
    {
        var parts = Segments(request.MountRelativePath);
        if (parts is ["users", var name])
        {
            var normalized = UsernameRules.Normalize(name);
            return UsernameRules.IsValid(normalized) && await LoadAsync(normalized, cancellationToken) is not null;
        }
        return null;
    }

    public async Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken) =>
        await DispatchAsync(request, cancellationToken);

    private Task<Response?> DispatchAsync(Request request, CancellationToken cancellationToken)
    {
        var op = request.Operation;
        var isWrite = op is Operation.Create or Operation.Update;
        return Segments(request.MountRelativePath) switch
        {
            ["users"] when op == Operation.List => ListAsync(cancellationToken),
            ["users", var name] => op switch
            {
                Operation.Read => ReadAsync(UsernameRules.Require(name), cancellationToken),
                Operation.Create or Operation.Update => WriteUserAsync(UsernameRules.Require(name), request.Data, cancellationToken),
                Operation.Delete => DeleteAsync(UsernameRules.Require(name), cancellationToken),
                _ => throw CofferError.UnsupportedOperation(),
            },
            ["users", var name, "password"] when isWrite => SetPasswordAsync(UsernameRules.Require(name), request.Data, cancellationToken),
            ["users", var name, "policies"] when isWrite => SetPoliciesAsync(UsernameRules.Require(name), request.Data, cancellationToken),
            ["login", var name] when isWrite => LoginAsync(name, request, cancellationToken),
            ["users", _, "password" or "policies"] or ["login", _] or ["users"] => throw CofferError.UnsupportedOperation(),
            _ => throw CofferError.UnsupportedPath(request.Path),
        };
    }

    private async Task<Response?> ListAsync(CancellationToken cancellationToken) =>
        Response.ListOf(await storage.ListAsync(UserPrefix, cancellationToken));

    private async Task<Response?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var user = await LoadAsync(name, cancellationToken);
        if (user is null)
        {
            return null;
        }
        var data = new JsonObject();
        user.Token.WriteTo(data, LegacyTokenAliases.Userpass);
        return Response.WithData(data);
    }

    private async Task<Response?> WriteUserAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        RejectPasswordHash(data);
        var password = NonEmptyPassword(data);
        using var held = await _userLocks.AcquireAsync(name, cancellationToken);
        var user = await LoadAsync(name, cancellationToken);
        if (user is null && password is null)
        {
            throw CofferError.BadRequest("missing password");
        }
        user ??= new UserEntry();
        user.Token.Apply(data, LegacyTokenAliases.Userpass);
        if (password is not null)
        {
            user.Password = PasswordHash.Create(password);
        }
        await SaveAsync(name, user, cancellationToken);
        return null;
    }

    private async Task<Response?> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        using var held = await _userLocks.AcquireAsync(name, cancellationToken);
        await storage.DeleteAsync(UserPrefix + name, cancellationToken);
        return null;
    }

    private async Task<Response?> SetPasswordAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        RejectPasswordHash(data);
        var password = NonEmptyPassword(data) ?? throw CofferError.BadRequest("missing password");
        using var held = await _userLocks.AcquireAsync(name, cancellationToken);
        var user = await LoadAsync(name, cancellationToken) ?? throw CofferError.BadRequest("username does not exist");
        user.Password = PasswordHash.Create(password);
        await SaveAsync(name, user, cancellationToken);
        return null;
    }

    private async Task<Response?> SetPoliciesAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        if (data[TokenFieldNames.Policies] is null && data["policies"] is null)
        {
            throw CofferError.BadRequest("missing token_policies");
        }
        var policiesOnly = new JsonObject();
        foreach (var field in new[] { TokenFieldNames.Policies, "policies" })
        {
            if (data[field] is { } value)
            {
                policiesOnly[field] = value.DeepClone();
            }
        }
        using var held = await _userLocks.AcquireAsync(name, cancellationToken);
        var user = await LoadAsync(name, cancellationToken) ?? throw CofferError.BadRequest("username does not exist");
        user.Token.Apply(policiesOnly, LegacyTokenAliases.Userpass);
        await SaveAsync(name, user, cancellationToken);
        return null;
    }

    private async Task<Response?> LoginAsync(string rawName, Request request, CancellationToken cancellationToken)
    {
        var password = NonEmptyPassword(request.Data) ?? throw CofferError.BadRequest("missing password");
        var name = UsernameRules.Normalize(rawName);
        var user = UsernameRules.IsValid(name) ? await LoadAsync(name, cancellationToken) : null;
        if (user?.Password is null)
        {
            // Unknown users cost one hash too, so response time does not tell which usernames exist.
            PasswordHash.VerifyAgainstDecoy(password);
            throw CofferError.BadRequest(InvalidCredentials);
        }
        if (!user.Password.Verify(password))
        {
            throw CofferError.BadRequest(InvalidCredentials);
        }
        // Checked only after the password, so an anonymous caller learns nothing about the user's restrictions.
        if (!CidrList.Allows(user.Token.BoundCidrs, request.RemoteAddress))
        {
            throw CofferError.PermissionDenied();
        }
        if (!user.Password.UsesCurrentParameters)
        {
            await RehashAsync(name, password, cancellationToken);
        }
        return new Response
        {
            Login = user.Token.ToLoginAuth() with
            {
                Metadata = new Dictionary<string, string> { ["username"] = name },
                // The core puts the mount in front (userpass-alice), as Vault does for every login.
                DisplayName = name,
                AliasName = name,
            },
        };
    }

    /// <summary>Moves a verified password to the current hash parameters, unless it changed meanwhile.</summary>
    private async Task RehashAsync(string name, string password, CancellationToken cancellationToken)
    {
        using var held = await _userLocks.AcquireAsync(name, cancellationToken);
        var user = await LoadAsync(name, cancellationToken);
        if (user?.Password is null || user.Password.UsesCurrentParameters || !user.Password.Verify(password))
        {
            return;
        }
        user.Password = PasswordHash.Create(password);
        await SaveAsync(name, user, cancellationToken);
    }

    private async Task<UserEntry?> LoadAsync(string name, CancellationToken cancellationToken) =>
        StoredJson.Deserialize<UserEntry>(await storage.GetAsync(UserPrefix + name, cancellationToken));

    private Task SaveAsync(string name, UserEntry user, CancellationToken cancellationToken) =>
        storage.PutAsync(UserPrefix + name, StoredJson.Serialize(user), cancellationToken);

    private static string? NonEmptyPassword(JsonObject data)
    {
        var password = LenientFields.GetString(data, "password");
        return string.IsNullOrEmpty(password) ? null : password;
    }

    private static void RejectPasswordHash(JsonObject data)
    {
        if (data["password_hash"] is not null)
        {
            throw CofferError.BadRequest(
                "password_hash is not supported: Coffer stores PBKDF2 verifiers and cannot import bcrypt hashes; set \"password\" instead");
        }
    }

    private static string[] Segments(string relativePath) => relativePath.TrimEnd('/').Split('/');
}
