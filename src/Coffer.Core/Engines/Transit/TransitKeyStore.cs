using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Core.Barrier;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Loads and saves key policies. Every change to a key runs under one lock so that two rotations (or a rotation
/// and a config write) cannot both read version N and lose one of the writes.
/// Reads share one parsed policy per name for as long as the stored bytes are unchanged: storage stays the only
/// source of truth (a write by replication or another path is seen on the next read), but the hot encrypt and
/// decrypt paths skip re-parsing the key ring. Policies from <see cref="GetAsync"/> are therefore shared and
/// must not be changed; changes go through <see cref="UpdateAsync"/>, which works on a private copy.
/// </summary>
public sealed class TransitKeyStore(ISecureStorage storage)
{
    private const string Prefix = "policy/";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, ParsedPolicy> _parsed = new(StringComparer.Ordinal);

    private sealed record ParsedPolicy(byte[] Stored, TransitPolicy Policy);

    /// <summary>The current policy, shared between readers: treat it as read-only.</summary>
    public async Task<TransitPolicy?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(Prefix + name, cancellationToken);
        if (stored is null)
        {
            _parsed.TryRemove(name, out _);
            return null;
        }
        if (_parsed.TryGetValue(name, out var parsed) && parsed.Stored.AsSpan().SequenceEqual(stored))
        {
            return parsed.Policy;
        }
        var policy = JsonSerializer.Deserialize<TransitPolicy>(stored)!;
        _parsed[name] = new ParsedPolicy(stored, policy);
        return policy;
    }

    private async Task<TransitPolicy?> GetPrivateCopyAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(Prefix + name, cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize<TransitPolicy>(stored);
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        storage.ListAsync(Prefix, cancellationToken);

    /// <summary>
    /// Runs <paramref name="change"/> on the current policy (null when missing) and stores what it returns;
    /// returning null leaves storage untouched.
    /// </summary>
    public async Task<TransitPolicy?> UpdateAsync(string name, Func<TransitPolicy?, TransitPolicy?> change, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var changed = change(await GetPrivateCopyAsync(name, cancellationToken));
            if (changed is not null)
            {
                await storage.PutAsync(Prefix + name, JsonSerializer.SerializeToUtf8Bytes(changed), cancellationToken);
            }
            return changed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await storage.DeleteAsync(Prefix + name, cancellationToken);
            _parsed.TryRemove(name, out _);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
