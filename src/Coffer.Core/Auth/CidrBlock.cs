using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Core.Auth;

/// <summary>
/// One IPv4 or IPv6 address block (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>, or a bare address meaning a single
/// host). Host bits below the prefix may be set, as Go's parser allows (<c>10.1.2.3/8</c> is the block 10.0.0.0/8).
/// </summary>
public readonly struct CidrBlock
{
    private readonly byte[] _addressBytes;

    private CidrBlock(IPAddress address, int prefixLength)
    {
        Address = address;
        PrefixLength = prefixLength;
        _addressBytes = address.GetAddressBytes();
    }

    public IPAddress Address { get; }
    public int PrefixLength { get; }

    private int FullLength => _addressBytes.Length * 8;

    public static bool TryParse(string text, out CidrBlock block)
    {
        block = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var address))
        {
            return false;
        }
        var fullLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = fullLength;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit) ||
                !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > fullLength)
            {
                return false;
            }
        }
        block = new CidrBlock(address, prefix);
        return true;
    }

    /// <summary>Parses a client address; IPv4-mapped IPv6 addresses (what dual-stack sockets report) become IPv4.</summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        // IPAddress.TryParse also takes "10.1" and "167772161"; Vault (Go's net package) accepts only dotted quads.
        if (!text.Contains(':') && !IsDottedQuad(text))
        {
            return false;
        }
        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }
        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    public bool Contains(IPAddress candidate)
    {
        if (candidate.IsIPv4MappedToIPv6)
        {
            candidate = candidate.MapToIPv4();
        }
        if (candidate.AddressFamily != Address.AddressFamily)
        {
            return false;
        }
        return SharesPrefix(_addressBytes, candidate.GetAddressBytes(), PrefixLength);
    }

    /// <summary>True when every address of <paramref name="inner"/> lies in this block.</summary>
    public bool Covers(CidrBlock inner) =>
        inner.Address.AddressFamily == Address.AddressFamily &&
        inner.PrefixLength >= PrefixLength &&
        SharesPrefix(_addressBytes, inner._addressBytes, PrefixLength);

    /// <summary>Vault's rendering: a full-length block prints as the bare address (<c>127.0.0.1/32</c> → <c>127.0.0.1</c>).</summary>
    public override string ToString() =>
        PrefixLength == FullLength ? Address.ToString() : $"{Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    private static bool SharesPrefix(byte[] left, byte[] right, int bits)
    {
        var whole = bits / 8;
        for (var i = 0; i < whole; i++)
        {
            if (left[i] != right[i])
            {
                return false;
            }
        }
        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - rest));
        return (left[whole] & mask) == (right[whole] & mask);
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
