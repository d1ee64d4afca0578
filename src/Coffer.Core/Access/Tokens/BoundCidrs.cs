using System.Net;

namespace Coffer.Core.Access;

/// <summary>Client address restrictions on a token: it only works from inside one of its CIDR blocks.</summary>
public static class BoundCidrs
{
    /// <summary>Checks and normalises a list; a bare address becomes a single-host block. Bad input is a 400.</summary>
    public static List<string> Parse(IEnumerable<string> cidrs)
    {
        var parsed = new List<string>();
        foreach (var raw in cidrs)
        {
            var text = raw.Trim();
            if (text.Length == 0)
            {
                continue;
            }
            if (!TryParse(text, out var network))
            {
                throw CofferError.BadRequest($"invalid value \"{text}\" when parsing bound cidrs");
            }
            parsed.Add(network.ToString());
        }
        return parsed;
    }

    /// <summary>True when the token has no restriction or <paramref name="remoteAddress"/> lies inside one block.</summary>
    public static bool Allows(IReadOnlyList<string> cidrs, string? remoteAddress)
    {
        if (cidrs.Count == 0)
        {
            return true;
        }
        if (remoteAddress is null || !IPAddress.TryParse(remoteAddress, out var address))
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var cidr in cidrs)
        {
            if (TryParse(cidr, out var network) && network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Accepts <c>10.0.0.7/8</c> as well as <c>10.0.0.0/8</c>: host bits are cleared rather than rejected.</summary>
    private static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }
        var bits = address.GetAddressBytes();
        var maxPrefix = bits.Length * 8;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            return false;
        }
        for (var i = 0; i < bits.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bits[i] &= (byte)(0xFF << (8 - keep));
        }
        network = new IPNetwork(new IPAddress(bits), prefix);
        return true;
    }
}
