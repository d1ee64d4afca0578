using System.Globalization;

namespace Coffer.Core.Engines.Transit;

/// <summary>The <c>vault:v&lt;N&gt;:&lt;base64&gt;</c> wire form of ciphertexts.</summary>
public static class TransitCiphertext
{
    private const string Prefix = "vault:v";

    public static string Format(int version, byte[] blob) =>
        $"{Prefix}{version.ToString(CultureInfo.InvariantCulture)}:{Convert.ToBase64String(blob)}";

    public static (int Version, byte[] Blob) Parse(string? text)
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
        try
        {
            return (version, Convert.FromBase64String(rest[(colon + 1)..]));
        }
        catch (FormatException)
        {
            throw CofferError.BadRequest("invalid ciphertext: could not decode");
        }
    }
}
