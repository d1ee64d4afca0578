using System.Globalization;

namespace Coffer.Core.Engines.Transit;

/// <summary>The <c>vault:v&lt;N&gt;:&lt;base64&gt;</c> wire form of ciphertexts.</summary>
public static class TransitCiphertext
{
    private const string Prefix = "vault:v";

    public static string Format(int version, byte[] blob) =>
        $"{Prefix}{version.ToString(CultureInfo.InvariantCulture)}:{Convert.ToBase64String(blob)}";

    /// <summary>The wire form around an already encoded value (signatures may use base64url).</summary>
    public static string FormatEncoded(int version, string encoded) =>
        $"{Prefix}{version.ToString(CultureInfo.InvariantCulture)}:{encoded}";

    public static (int Version, byte[] Blob) Parse(string? text)
    {
        var (version, encoded) = Split(text);
        try
        {
            return (version, Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            throw CofferError.BadRequest("invalid ciphertext: could not decode");
        }
    }

    /// <summary>Checks the prefix and version and returns the still-encoded remainder.</summary>
    public static (int Version, string Encoded) Split(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw CofferError.BadRequest("missing ciphertext to decrypt");
        }
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw CofferError.BadRequest("invalid ciphertext: no prefix");
        }
        var rest = text[Prefix.Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0 || !int.TryParse(rest.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw CofferError.BadRequest("invalid ciphertext: invalid version");
        }
        return (version, rest[(colon + 1)..]);
    }
}
