using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;

namespace Coffer.Core.Access;

/// <summary>
/// Service tokens, stored under the HMAC of the token with a per-cluster salt. A lookup is a storage read by that
/// HMAC, so no comparison of the secret token ever happens in a way that could leak timing.
/// </summary>
public sealed class TokenStore(ISecureStorage storage, IClock clock)
{
    private const string SaltPath = "sys/token/salt";
    private const string IdPrefix = "sys/token/id/";
    private const string AccessorPrefix = "sys/token/accessor/";

    private readonly ConcurrentDictionary<string, TokenEntry> _cache = new(StringComparer.Ordinal);
    private byte[]? _salt;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        _cache.Clear();
        var salt = await storage.GetAsync(SaltPath, cancellationToken);
        if (salt is null)
        {
            salt = RandomNumberGenerator.GetBytes(32);
            await storage.PutAsync(SaltPath, salt, cancellationToken);
        }
        _salt = salt;
    }

    public void Unload()
    {
        _cache.Clear();
        if (_salt is not null)
        {
            CryptographicOperations.ZeroMemory(_salt);
        }
        _salt = null;
    }

    /// <summary>Creates a root token; <paramref name="tokenId"/> lets dev mode choose a memorable one.</summary>
    public async Task<string> CreateRootTokenAsync(string? tokenId = null, CancellationToken cancellationToken = default)
    {
        var token = string.IsNullOrEmpty(tokenId) ? TokenGenerator.ServiceToken() : tokenId;
        var entry = new TokenEntry
        {
            Accessor = TokenGenerator.Accessor(),
            Policies = ["root"],
            CreationTime = clock.UtcNow,
        };
        var hashed = HashOf(token);
        await storage.CommitAsync(
        [
            SecureOperation.Put(IdPrefix + hashed, JsonSerializer.SerializeToUtf8Bytes(entry.ToJson())),
            SecureOperation.Put(AccessorPrefix + entry.Accessor, Encoding.UTF8.GetBytes(hashed)),
        ], cancellationToken);
        return token;
    }

    public async Task<TokenEntry?> LookupAsync(string token, CancellationToken cancellationToken = default)
    {
        var hashed = HashOf(token);
        if (_cache.TryGetValue(hashed, out var cached))
        {
            return cached;
        }
        var stored = await storage.GetAsync(IdPrefix + hashed, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var entry = TokenEntry.FromJson(JsonNode.Parse(stored)!.AsObject());
        _cache[hashed] = entry;
        return entry;
    }

    private string HashOf(string token)
    {
        var salt = _salt ?? throw CofferError.Sealed();
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(token)));
    }
}
