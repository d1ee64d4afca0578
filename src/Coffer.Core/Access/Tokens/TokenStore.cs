using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Routing;

namespace Coffer.Core.Access;

/// <summary>
/// Issues, finds, renews and revokes tokens (spec/vault-api.md §4). Service tokens live in storage under their salted
/// HMAC with an in-memory copy for the request path; batch tokens are encrypted entries that are never stored.
/// Expired tokens stop working the moment their expiry passes and are revoked, with their children, by a sweep
/// that runs every <c>expiryInterval</c> while the store is loaded.
/// </summary>
public sealed class TokenStore
{
    public const string SaltPath = "sys/token/salt";
    public const string BatchKeyPath = "sys/token/batch-key";

    /// <summary>How long a request may hold the last use of a token before the sweep revokes it anyway.</summary>
    private static readonly TimeSpan ExhaustedGrace = TimeSpan.FromSeconds(90);

    /// <summary>Delay before a sweep retries a revocation that failed (a hook threw, storage was unavailable).</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    private readonly ISecureStorage _storage;
    private readonly IClock _clock;
    private readonly TimeSpan _expiryInterval;
    private ImmutableArray<Func<TokenEntry, CancellationToken, Task>> _revocationHooks = [];
    private volatile LoadedTokens? _loaded;

    public TokenStore(ISecureStorage storage, IClock clock, long defaultTtlSeconds = 768 * 3600, long maxTtlSeconds = 768 * 3600,
        TimeSpan? expiryInterval = null)
    {
        _storage = storage;
        _clock = clock;
        DefaultTtlSeconds = defaultTtlSeconds;
        MaxTtlSeconds = maxTtlSeconds;
        _expiryInterval = expiryInterval ?? TimeSpan.FromSeconds(1);
        Roles = new TokenRoleStore(storage);
    }

    /// <summary>System default TTL (768h unless configured); mounts may tune their own.</summary>
    public long DefaultTtlSeconds { get; }

    public long MaxTtlSeconds { get; }
    public TokenRoleStore Roles { get; }
    public IClock Clock => _clock;

    /// <summary>Raised when a background revocation fails; it is retried shortly after.</summary>
    public event Action<Exception>? BackgroundError;

    /// <summary>
    /// Adds work to run for every service token before it is deleted, children before parents (cubbyhole cleanup,
    /// lease revocation). A hook that throws stops the revocation; the token stays unusable and is retried.
    /// </summary>
    public void OnRevoke(Func<TokenEntry, CancellationToken, Task> hook) =>
        ImmutableInterlocked.Update(ref _revocationHooks, hooks => hooks.Add(hook));

    /// <summary>At unseal: reads the salt and batch key (creating them once), every token entry, and starts the sweep.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        Unload();
        var salt = await ReadOrCreateKeyAsync(SaltPath, cancellationToken);
        var batchKey = await ReadOrCreateKeyAsync(BatchKeyPath, cancellationToken);
        var index = new TokenIndex(_storage);
        var queue = new ExpiryQueue();
        var revoker = new TokenRevoker(index, queue, _clock, () => _revocationHooks);
        var loaded = new LoadedTokens(new TokenHasher(salt), new BatchTokenCodec(batchKey), index, queue, revoker);
        try
        {
            loaded.Schedule(await index.LoadAllAsync(cancellationToken));
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
        _loaded = loaded;
        loaded.StartSweep(_expiryInterval, token => SweepAsync(loaded, token), ReportBackgroundError);
    }

    /// <summary>At seal: stops the sweep and forgets all key material and cached entries.</summary>
    public void Unload() => Interlocked.Exchange(ref _loaded, null)?.Dispose();

    /// <summary>The root token of <c>sys/init</c>: never expires, orphan, <c>auth/token/root</c>. Dev mode may choose its id.</summary>
    public async Task<string> CreateRootTokenAsync(string? tokenId = null, CancellationToken cancellationToken = default)
    {
        var issued = await CreateAsync(new TokenSpec
        {
            Id = string.IsNullOrEmpty(tokenId) ? null : tokenId,
            Policies = [PolicyNames.Root],
            DisplayName = "root",
            Path = "auth/token/root",
            Renewable = false,
        }, null, cancellationToken);
        return issued.Token;
    }

    /// <summary>
    /// Issues a token as <paramref name="spec"/> says, as a child of <paramref name="parent"/> (null: orphan).
    /// The caller has already applied the policy, TTL and permission rules.
    /// </summary>
    public async Task<IssuedToken> CreateAsync(TokenSpec spec, TokenEntry? parent, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        if (parent is { IsBatch: true } && spec.Type == TokenType.Service)
        {
            throw CofferError.BadRequest("batch tokens cannot create more tokens");
        }
        var now = TokenTime.TruncateToSeconds(_clock.UtcNow);
        var entry = new TokenEntry
        {
            Accessor = "",
            Policies = spec.Policies,
            Path = spec.Path,
            DisplayName = spec.DisplayName,
            CreationTime = now,
            Meta = spec.Meta,
            NumUses = spec.NumUses,
            CreationTtl = spec.TtlSeconds,
            ExpireTime = spec.TtlSeconds > 0 ? now.AddSeconds(spec.TtlSeconds) : null,
            ExplicitMaxTtl = spec.ExplicitMaxTtlSeconds,
            Period = spec.PeriodSeconds,
            MaxTtl = spec.MaxTtlSeconds,
            Renewable = spec.Renewable && spec.TtlSeconds > 0,
            BoundCidrs = spec.BoundCidrs,
            NamespaceId = spec.NamespaceId,
            Role = spec.Role,
            Type = spec.Type,
        };
        if (spec.Type == TokenType.Batch)
        {
            return IssueBatch(loaded, entry with { ParentAccessor = parent?.Accessor ?? "" }, spec);
        }

        var token = spec.Id ?? TokenGenerator.ServiceToken();
        entry = entry with
        {
            HashedId = loaded.Hasher.HashOf(token),
            Accessor = TokenGenerator.Accessor(),
            Parent = parent?.HashedId ?? "",
        };
        if (!await loaded.Index.AddAsync(entry, spec.Id is not null, cancellationToken))
        {
            throw CofferError.BadRequest("cannot create a token with a duplicate ID");
        }
        if (parent is not null && !IsLive(await loaded.Index.GetAsync(parent.HashedId, cancellationToken), now))
        {
            // The parent was revoked while this child was written; its tree walk may have missed the child.
            await loaded.Revoker.RevokeTreeAsync(entry, cancellationToken);
            throw CofferError.BadRequest("parent token lookup failed: no parent found");
        }
        if (entry.ExpireTime is { } expiry)
        {
            loaded.Queue.Add(entry.HashedId, expiry, ExpiryReason.Expiry);
        }
        return new IssuedToken(token, entry, []);
    }

    /// <summary>
    /// Issues the token of a successful login: an orphan with path <paramref name="requestPath"/> (e.g.
    /// <c>auth/userpass/login/alice</c>) and display name <c>&lt;mount&gt;-&lt;name&gt;</c>. TTLs of 0 mean the
    /// mount's (then the system's) defaults.
    /// </summary>
    public async Task<IssuedToken> IssueForLoginAsync(LoginAuth login, string mountPath, string requestPath, string namespaceId,
        long mountDefaultTtl, long mountMaxTtl, CancellationToken cancellationToken = default)
    {
        var (spec, warnings) = LoginTokenSpec.Build(login, mountPath, requestPath, namespaceId,
            mountDefaultTtl > 0 ? mountDefaultTtl : DefaultTtlSeconds, mountMaxTtl > 0 ? mountMaxTtl : MaxTtlSeconds, _clock.UtcNow);
        var issued = await CreateAsync(spec, null, cancellationToken);
        return issued with { Warnings = warnings };
    }

    /// <summary>The entry of a working token; null for unknown, expired, revoked or used-up tokens. Consumes no use.</summary>
    public async Task<TokenEntry?> LookupAsync(string token, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        var now = _clock.UtcNow;
        if (token.StartsWith(TokenGenerator.BatchPrefix, StringComparison.Ordinal))
        {
            var batch = loaded.BatchCodec.Decode(token);
            if (batch is null || batch.HasExpired(now))
            {
                return null;
            }
            var parentGone = batch.ParentAccessor.Length > 0 && await LookupByAccessorAsync(batch.ParentAccessor, cancellationToken) is null;
            return parentGone ? null : batch;
        }
        var entry = await loaded.Index.GetAsync(loaded.Hasher.HashOf(token), cancellationToken);
        return IsUsable(entry, now) ? entry : null;
    }

    public async Task<TokenEntry?> LookupByAccessorAsync(string accessor, CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        var hashedId = await loaded.Index.HashedIdOfAccessorAsync(accessor, cancellationToken);
        if (hashedId is null)
        {
            return null;
        }
        var entry = await loaded.Index.GetAsync(hashedId, cancellationToken);
        return IsUsable(entry, _clock.UtcNow) && entry!.Accessor == accessor ? entry : null;
    }

    /// <summary>
    /// Checks a request's token: it must work, and the client must be inside its bound CIDRs. A limited-use token
    /// spends one use here, under the token's lock, so concurrent requests cannot overspend it. After its last use
    /// the returned entry has <see cref="TokenEntry.UsesExhausted"/>; call <see cref="FinishRequestAsync"/> when
    /// the request is done to revoke it. Any failure is 403 <c>permission denied</c>.
    /// </summary>
    public async Task<TokenEntry> AuthenticateAsync(string? token, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw CofferError.PermissionDenied();
        }
        var loaded = Require();
        var entry = await LookupAsync(token, cancellationToken) ?? throw CofferError.PermissionDenied();
        if (!BoundCidrs.Allows(entry.BoundCidrs, remoteAddress))
        {
            throw CofferError.PermissionDenied();
        }
        if (entry.IsBatch || entry.NumUses == 0)
        {
            return entry;
        }
        TokenEntry spent;
        using (await loaded.Index.Locks.AcquireAsync(entry.HashedId, cancellationToken))
        {
            var current = await loaded.Index.GetLockedAsync(entry.HashedId, cancellationToken);
            if (!IsUsable(current, _clock.UtcNow))
            {
                throw CofferError.PermissionDenied();
            }
            spent = current! with { NumUses = current.NumUses == 1 ? TokenEntry.UsesExhausted : current.NumUses - 1 };
            await loaded.Index.ReplaceLockedAsync(spent, cancellationToken);
        }
        if (spent.NumUses == TokenEntry.UsesExhausted)
        {
            loaded.Queue.Add(spent.HashedId, _clock.UtcNow + ExhaustedGrace, ExpiryReason.UsesExhausted);
        }
        return spent;
    }

    /// <summary>Call after every authenticated request: revokes the token if that request used its last use.</summary>
    public Task FinishRequestAsync(TokenEntry? token, CancellationToken cancellationToken = default) =>
        token is { NumUses: TokenEntry.UsesExhausted, IsBatch: false } ? RevokeAsync(token, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Extends a token's life from now (spec §4.5): by the increment or its own TTL, never past its maxima;
    /// periodic tokens get their period again. 400 for batch, non-renewable and non-expiring tokens.
    /// </summary>
    public async Task<TokenRenewal> RenewAsync(TokenEntry token, long incrementSeconds, CancellationToken cancellationToken = default)
    {
        if (token.IsBatch)
        {
            throw CofferError.BadRequest("batch tokens cannot be renewed");
        }
        var loaded = Require();
        TokenRenewal renewal;
        using (await loaded.Index.Locks.AcquireAsync(token.HashedId, cancellationToken))
        {
            var current = await loaded.Index.GetLockedAsync(token.HashedId, cancellationToken);
            var now = TokenTime.TruncateToSeconds(_clock.UtcNow);
            if (!IsLive(current, now))
            {
                throw CofferError.BadRequest("token not found");
            }
            if (!current!.Renewable || current.ExpireTime is null)
            {
                throw CofferError.BadRequest("lease is not renewable");
            }
            var grant = TokenTtl.Calculate(now, current.CreationTime, incrementSeconds, current.CreationTtl, current.Period,
                current.MaxTtl, current.ExplicitMaxTtl, DefaultTtlSeconds, MaxTtlSeconds);
            var renewed = current with { ExpireTime = now.AddSeconds(grant.TtlSeconds), LastRenewalTime = now };
            await loaded.Index.ReplaceLockedAsync(renewed, cancellationToken);
            renewal = new TokenRenewal(renewed, grant.Warnings);
        }
        loaded.Queue.Add(renewal.Entry.HashedId, renewal.Entry.ExpireTime!.Value, ExpiryReason.Expiry);
        return renewal;
    }

    /// <summary>Revokes a service token and every descendant; the token stops working before this returns.</summary>
    public Task RevokeAsync(TokenEntry token, CancellationToken cancellationToken = default)
    {
        if (token.IsBatch)
        {
            throw CofferError.BadRequest("batch tokens cannot be revoked");
        }
        return Require().Revoker.RevokeTreeAsync(token, cancellationToken);
    }

    /// <summary>Revokes only this token; its children become orphans (<c>revoke-orphan</c>).</summary>
    public Task RevokeOrphanAsync(TokenEntry token, CancellationToken cancellationToken = default)
    {
        if (token.IsBatch)
        {
            throw CofferError.BadRequest("batch tokens cannot be revoked");
        }
        return Require().Revoker.RevokeOrphaningChildrenAsync(token, cancellationToken);
    }

    /// <summary>Revokes, with their children, the tokens issued below a path of a namespace (a disabled auth method's, §3.4).</summary>
    public Task<int> RevokeByPathPrefixAsync(string namespaceId, string pathPrefix, CancellationToken cancellationToken = default) =>
        Require().Revoker.RevokeMatchingAsync(
            e => e.NamespaceId == namespaceId && e.Path.StartsWith(pathPrefix, StringComparison.Ordinal), cancellationToken);

    /// <summary>
    /// Revokes, with their children, the tokens whose lease id would start with <paramref name="leasePrefix"/> (a path
    /// ending in <c>/</c>): in Vault a token's lease id is its creation path plus a hash, so <c>sys/leases/revoke-prefix</c>
    /// takes the tokens issued under that path too.
    /// </summary>
    public Task<int> RevokeIssuedUnderAsync(string namespaceId, string leasePrefix, CancellationToken cancellationToken = default) =>
        Require().Revoker.RevokeMatchingAsync(
            e => e.NamespaceId == namespaceId && (e.Path + "/").StartsWith(leasePrefix, StringComparison.Ordinal), cancellationToken);

    /// <summary>Revokes, with their children, every token that belongs to a namespace (it is being deleted).</summary>
    public Task<int> RevokeNamespaceAsync(string namespaceId, CancellationToken cancellationToken = default) =>
        Require().Revoker.RevokeMatchingAsync(e => e.NamespaceId == namespaceId, cancellationToken);

    public async Task<IReadOnlyList<string>> ListAccessorsAsync(CancellationToken cancellationToken = default) =>
        [.. (await Require().Index.ListAccessorsAsync(cancellationToken)).Order(StringComparer.Ordinal)];

    /// <summary>Cleans dangling index entries, orphans children of vanished parents, revokes expired leftovers.</summary>
    public async Task<TidyReport> TidyAsync(CancellationToken cancellationToken = default)
    {
        var loaded = Require();
        var report = await loaded.Revoker.TidyIndexAsync(cancellationToken);
        var revoked = 0;
        var now = _clock.UtcNow;
        foreach (var hashedId in await loaded.Index.ListHashedIdsAsync(cancellationToken))
        {
            var entry = await loaded.Index.GetAsync(hashedId, cancellationToken);
            if (entry is not null && (entry.RevocationPending || entry.HasExpired(now)))
            {
                await loaded.Revoker.RevokeTreeAsync(entry, cancellationToken);
                revoked++;
            }
        }
        return report with { RevokedTokens = revoked };
    }

    /// <summary>One pass of the expiry sweep: revokes every token whose time has come. Returns how many trees it revoked.</summary>
    public Task<int> RevokeExpiredAsync(CancellationToken cancellationToken = default) => SweepAsync(Require(), cancellationToken);

    public JsonObject AuthBlock(IssuedToken issued) => TokenJson.AuthBlock(issued.Token, issued.Entry);

    public JsonObject AuthBlock(string clientToken, TokenEntry entry) => TokenJson.AuthBlock(clientToken, entry);

    private void ReportBackgroundError(Exception error)
    {
        try
        {
            BackgroundError?.Invoke(error);
        }
        catch (Exception)
        {
            // A failing subscriber must not stop the sweep that revokes expired tokens.
        }
    }

    private Task<int> SweepAsync(LoadedTokens loaded, CancellationToken cancellationToken) =>
        loaded.RevokeDueAsync(_clock.UtcNow, RetryDelay, cancellationToken);

    private IssuedToken IssueBatch(LoadedTokens loaded, TokenEntry entry, TokenSpec spec)
    {
        if (entry.IsRoot)
        {
            throw CofferError.BadRequest("batch tokens cannot be root tokens");
        }
        if (spec.NumUses != 0)
        {
            throw CofferError.BadRequest("batch tokens cannot have \"num_uses\" set");
        }
        if (entry.ExpireTime is null)
        {
            throw CofferError.BadRequest("batch tokens must have a TTL");
        }
        var batch = entry with { Renewable = false, Period = 0, ExplicitMaxTtl = 0 };
        return new IssuedToken(loaded.BatchCodec.Encode(batch), batch, []);
    }

    private async Task<byte[]> ReadOrCreateKeyAsync(string path, CancellationToken cancellationToken)
    {
        var key = await _storage.GetAsync(path, cancellationToken);
        if (key is null)
        {
            key = RandomNumberGenerator.GetBytes(32);
            await _storage.PutAsync(path, key, cancellationToken);
        }
        return key;
    }

    private LoadedTokens Require() => _loaded ?? throw CofferError.Sealed();

    /// <summary>Stored, not being revoked, not expired: may still be renewed or finish its last request.</summary>
    private static bool IsLive(TokenEntry? entry, DateTimeOffset now) =>
        entry is not null && !entry.RevocationPending && !entry.HasExpired(now);

    private static bool IsUsable(TokenEntry? entry, DateTimeOffset now) =>
        IsLive(entry, now) && entry!.NumUses != TokenEntry.UsesExhausted;
}
