using System.Security.Cryptography;
using Coffer.Core.Storage;

namespace Coffer.Core.Barrier;

/// <summary>
/// The security barrier: everything above it is plaintext, everything below it is AES-256-GCM ciphertext. The
/// keyring lives in storage encrypted by the root key; while sealed no key material is held in memory.
/// </summary>
public sealed class AesGcmBarrier(IPhysical physical, IClock clock) : ISecureStorage
{
    /// <summary>Where the keyring is stored, sealed under the root key (term 0).</summary>
    public const string KeyringPath = "core/keyring";

    private readonly Lock _stateLock = new();
    private Keyring? _keyring;
    private byte[]? _rootKey;
    private long _encryptions;

    public bool IsSealed => Volatile.Read(ref _keyring) is null;

    public long Encryptions => Interlocked.Read(ref _encryptions);

    public IPhysical Physical => physical;

    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        await physical.GetAsync(KeyringPath, cancellationToken) is not null;

    /// <summary>Creates the first keyring under <paramref name="rootKey"/>; the barrier stays sealed.</summary>
    public async Task InitializeAsync(byte[] rootKey, CancellationToken cancellationToken = default)
    {
        if (await IsInitializedAsync(cancellationToken))
        {
            throw CofferError.BadRequest("Vault is already initialized");
        }
        var keyring = Keyring.Create(clock.UtcNow);
        await physical.PutAsync(KeyringPath, EntryCipher.Seal(rootKey, 0, KeyringPath, keyring.Serialize()), cancellationToken);
        keyring.Wipe();
    }

    /// <summary>Opens the keyring with <paramref name="rootKey"/>; false when the key is wrong.</summary>
    public async Task<bool> UnsealAsync(byte[] rootKey, CancellationToken cancellationToken = default)
    {
        var stored = await physical.GetAsync(KeyringPath, cancellationToken)
                     ?? throw CofferError.BadRequest("Vault is not initialized");
        Keyring keyring;
        try
        {
            keyring = Keyring.Deserialize(EntryCipher.Open(rootKey, KeyringPath, stored));
        }
        catch (CryptographicException)
        {
            return false;
        }
        lock (_stateLock)
        {
            _rootKey = (byte[])rootKey.Clone();
            Volatile.Write(ref _keyring, keyring);
        }
        return true;
    }

    public void Seal()
    {
        lock (_stateLock)
        {
            _keyring?.Wipe();
            if (_rootKey is not null)
            {
                CryptographicOperations.ZeroMemory(_rootKey);
            }
            _rootKey = null;
            Volatile.Write(ref _keyring, null);
        }
    }

    /// <summary>
    /// A copy of the root key, for a DR secondary's bootstrap only: after activation the secondary opens this
    /// cluster's keyring (spec/replication.md §6.4). The caller wipes the copy.
    /// </summary>
    public byte[] ExportRootKey()
    {
        lock (_stateLock)
        {
            RequireKeyring();
            return (byte[])_rootKey!.Clone();
        }
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is the root key the barrier was unsealed with (constant-time compare):
    /// how root-token and DR-operation-token generation check that their key shares combine to the real key.
    /// </summary>
    public bool IsRootKey(ReadOnlySpan<byte> candidate)
    {
        lock (_stateLock)
        {
            return _rootKey is not null && CryptographicOperations.FixedTimeEquals(_rootKey, candidate);
        }
    }

    public KeyringTerm ActiveTerm => RequireKeyring().Active;

    /// <summary>Installs a new key term for new writes; entries under older terms stay readable.</summary>
    public async Task<KeyringTerm> RotateAsync(CancellationToken cancellationToken = default)
    {
        Keyring rotated;
        byte[] rootKey;
        lock (_stateLock)
        {
            rotated = RequireKeyring().Rotate(clock.UtcNow);
            rootKey = _rootKey!;
        }
        await physical.PutAsync(KeyringPath, EntryCipher.Seal(rootKey, 0, KeyringPath, rotated.Serialize()), cancellationToken);
        lock (_stateLock)
        {
            Volatile.Write(ref _keyring, rotated);
        }
        return rotated.Active;
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var keyring = RequireKeyring();
        var stored = await physical.GetAsync(key, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var term = keyring.TryGet(EntryCipher.TermOf(stored))
                   ?? throw new CryptographicException($"no key for term {EntryCipher.TermOf(stored)}");
        return EntryCipher.Open(term.Key, key, stored);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        RequireKeyring();
        return physical.ListAsync(prefix, cancellationToken);
    }

    public Task CommitAsync(IReadOnlyList<SecureOperation> batch, CancellationToken cancellationToken = default)
    {
        var active = RequireKeyring().Active;
        var physicalBatch = new StorageOperation[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var op = batch[i];
            physicalBatch[i] = op.Value is null
                ? StorageOperation.Delete(op.Key)
                : StorageOperation.Put(op.Key, EntryCipher.Seal(active.Key, active.Term, op.Key, op.Value));
        }
        Interlocked.Add(ref _encryptions, batch.Count(op => op.Value is not null));
        return physical.CommitAsync(physicalBatch, cancellationToken);
    }

    private Keyring RequireKeyring() => Volatile.Read(ref _keyring) ?? throw CofferError.Sealed();
}
