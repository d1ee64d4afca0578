using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Coffer.Core.Access;

/// <summary>
/// Batch tokens are their own storage: <c>hvb.</c> + base64url(nonce | AES-256-GCM ciphertext | tag) of the entry.
/// Nothing is written on issue, so they cost no storage and cannot be revoked one by one.
/// </summary>
internal sealed class BatchTokenCodec(byte[] key) : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("batch-token");

    public string Encode(TokenEntry entry)
    {
        var plaintext = TokenEntrySerializer.Serialize(entry with { HashedId = "" });
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), AssociatedData);
        return TokenGenerator.BatchPrefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The entry inside <paramref name="token"/>, or null when it is not a batch token of this cluster.</summary>
    public TokenEntry? Decode(string token)
    {
        if (!token.StartsWith(TokenGenerator.BatchPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(token.AsSpan(TokenGenerator.BatchPrefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
        if (sealedBytes.Length <= NonceSize + TagSize)
        {
            return null;
        }
        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plaintext = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength),
                sealedBytes.AsSpan(NonceSize + cipherLength), plaintext, AssociatedData);
            var entry = TokenEntrySerializer.Deserialize(plaintext);
            return entry.IsBatch ? entry : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(key);
}
