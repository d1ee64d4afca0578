using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Coffer.Core.Engines.Transit;

/// <summary>
/// Reuses AEAD instances per key: creating an <see cref="AesGcm"/> sets up a native cipher context, which costs
/// more than sealing a small payload. Instances are not thread-safe, so each caller rents one exclusively. The
/// pool hangs off the key's byte array (held by the shared parsed policy) through a weak table, so it goes away
/// with the policy; derived keys are fresh arrays per request and are not pooled.
/// </summary>
public static class TransitAeadPool
{
    private static readonly int MaxIdlePerKey = Math.Max(4, Environment.ProcessorCount * 4);
    private static readonly ConditionalWeakTable<byte[], ConcurrentQueue<IDisposable>> Pools = new();

    public static void Seal(TransitKeyType type, byte[] key, bool pooled, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        var cipher = Rent(type, key, pooled);
        try
        {
            if (cipher is AesGcm aes)
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag);
            }
            else
            {
                ((ChaCha20Poly1305)cipher).Encrypt(nonce, plaintext, ciphertext, tag);
            }
        }
        finally
        {
            Return(key, cipher, pooled);
        }
    }

    /// <exception cref="AuthenticationTagMismatchException">The ciphertext or tag was altered.</exception>
    public static void Open(TransitKeyType type, byte[] key, bool pooled, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        var cipher = Rent(type, key, pooled);
        try
        {
            if (cipher is AesGcm aes)
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext);
            }
            else
            {
                ((ChaCha20Poly1305)cipher).Decrypt(nonce, ciphertext, tag, plaintext);
            }
        }
        finally
        {
            Return(key, cipher, pooled);
        }
    }

    private static IDisposable Rent(TransitKeyType type, byte[] key, bool pooled)
    {
        if (pooled && Pools.TryGetValue(key, out var idle) && idle.TryDequeue(out var cipher))
        {
            return cipher;
        }
        return type == TransitKeyType.ChaCha20Poly1305 ? new ChaCha20Poly1305(key) : new AesGcm(key, 16);
    }

    private static void Return(byte[] key, IDisposable cipher, bool pooled)
    {
        if (!pooled)
        {
            cipher.Dispose();
            return;
        }
        var idle = Pools.GetValue(key, _ => new ConcurrentQueue<IDisposable>());
        if (idle.Count < MaxIdlePerKey)
        {
            idle.Enqueue(cipher);
        }
        else
        {
            cipher.Dispose();
        }
    }
}
