using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Barrier;

/// <summary>
/// AES-256-GCM sealing of one storage entry: <c>version(1) ‖ term(4, big endian) ‖ nonce(12) ‖ ciphertext ‖ tag(16)</c>.
/// The entry's storage path is the associated data, so a ciphertext moved to another path fails to open.
/// </summary>
public static class EntryCipher
{
    private const byte FormatVersion = 1;
    private const int HeaderSize = 1 + 4;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(byte[] key, uint term, string path, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[HeaderSize + NonceSize + plaintext.Length + TagSize];
        output[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1, 4), term);
        var nonce = output.AsSpan(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = output.AsSpan(HeaderSize + NonceSize, plaintext.Length);
        var tag = output.AsSpan(HeaderSize + NonceSize + plaintext.Length, TagSize);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(path));
        return output;
    }

    /// <summary>The term an entry was sealed under, read before choosing the key to open it with.</summary>
    public static uint TermOf(ReadOnlySpan<byte> sealedEntry)
    {
        if (sealedEntry.Length < HeaderSize + NonceSize + TagSize || sealedEntry[0] != FormatVersion)
        {
            throw new CryptographicException("storage entry has an unknown format");
        }
        return BinaryPrimitives.ReadUInt32BigEndian(sealedEntry.Slice(1, 4));
    }

    public static byte[] Open(byte[] key, string path, ReadOnlySpan<byte> sealedEntry)
    {
        TermOf(sealedEntry);
        var nonce = sealedEntry.Slice(HeaderSize, NonceSize);
        var length = sealedEntry.Length - HeaderSize - NonceSize - TagSize;
        var ciphertext = sealedEntry.Slice(HeaderSize + NonceSize, length);
        var tag = sealedEntry.Slice(HeaderSize + NonceSize + length, TagSize);
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(path));
        return plaintext;
    }

    private static byte[] AssociatedData(string path) => Encoding.UTF8.GetBytes(path);
}
