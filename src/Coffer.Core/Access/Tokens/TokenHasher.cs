using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Access;

/// <summary>
/// Turns a token into its storage id: HMAC-SHA256 keyed with the per-cluster salt. Lookups go by this id, so the
/// secret token is never compared byte by byte and never written anywhere.
/// </summary>
internal sealed class TokenHasher(byte[] salt) : IDisposable
{
    public string HashOf(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(token)));

    public void Dispose() => CryptographicOperations.ZeroMemory(salt);
}
