using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Audit;

/// <summary>
/// The per-device HMAC key. Every hashed value in a device's log, and <c>sys/audit-hash</c>, use it, so an operator
/// who knows a value can find it in the log while the log itself reveals nothing.
/// </summary>
internal sealed class AuditSalt : IDisposable
{
    public const int Length = 32;
    public const string Prefix = "hmac-sha256:";

    private readonly byte[] _key;
    private bool _disposed;

    public AuditSalt(byte[] key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"an audit salt is {Length} bytes", nameof(key));
        }
        _key = (byte[])key.Clone();
    }

    public static AuditSalt CreateRandom() => new(RandomNumberGenerator.GetBytes(Length));

    public byte[] ToBytes() => (byte[])_key.Clone();

    public string Hmac(string value)
    {
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value));
        // A hash made while the key was being wiped would be keyed with zeros, which is no protection at all;
        // the fences pair with those in Dispose so such a hash is never returned.
        Interlocked.MemoryBarrier();
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Prefix + Convert.ToHexStringLower(hash);
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.MemoryBarrier();
        CryptographicOperations.ZeroMemory(_key);
    }
}
