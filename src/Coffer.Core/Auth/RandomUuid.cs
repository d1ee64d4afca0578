using System.Security.Cryptography;

namespace Coffer.Core.Auth;

/// <summary>
/// Random version-4 UUID strings for credentials (role ids, secret ids, accessors). Built from
/// <see cref="RandomNumberGenerator"/> directly so the secrecy does not hinge on how Guid.NewGuid is implemented.
/// </summary>
public static class RandomUuid
{
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
