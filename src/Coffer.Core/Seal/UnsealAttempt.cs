using System.Security.Cryptography;

namespace Coffer.Core.Seal;

/// <summary>Key shares gathered so far towards one unseal, identified by a nonce.</summary>
public sealed class UnsealAttempt
{
    private readonly List<byte[]> _shares = [];

    public string Nonce { get; } = Guid.NewGuid().ToString();
    public int Progress => _shares.Count;

    /// <summary>Adds a share; a share already submitted is ignored, as Vault does, and does not count twice.</summary>
    public void Add(byte[] share)
    {
        if (_shares.Any(existing => CryptographicOperations.FixedTimeEquals(existing, share)))
        {
            return;
        }
        _shares.Add((byte[])share.Clone());
    }

    public IReadOnlyList<byte[]> Shares => _shares;

    /// <summary>True when <paramref name="share"/> was already added (compared in constant time).</summary>
    public bool Contains(byte[] share) => _shares.Any(existing => CryptographicOperations.FixedTimeEquals(existing, share));

    public void Wipe()
    {
        foreach (var share in _shares)
        {
            CryptographicOperations.ZeroMemory(share);
        }
        _shares.Clear();
    }
}
