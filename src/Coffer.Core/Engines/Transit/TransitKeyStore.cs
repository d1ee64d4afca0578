using System.Text.Json;
using Coffer.Core.Barrier;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Loads and saves key policies. Every change to a key runs under one lock so that two rotations (or a rotation
/// and a config write) cannot both read version N and lose one of the writes.
/// </summary>
public sealed class TransitKeyStore(ISecureStorage storage)
{
    private const string Prefix = "policy/";
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public async Task<TransitPolicy?> GetAsync(string name, CancellationToken cancellationToken)
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
            var changed = change(await GetAsync(name, cancellationToken));
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
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
