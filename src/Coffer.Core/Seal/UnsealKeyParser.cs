namespace Coffer.Core.Seal;

/// <summary>Reads an unseal key as Vault does: hex first, then standard base64.</summary>
public static class UnsealKeyParser
{
    private const int MinShareLength = 16;
    private const int MaxShareLength = 33;

    public static byte[] Parse(string key)
    {
        key = key.Trim();
        if (key.Length % 2 == 0)
        {
            try
            {
                var hex = Convert.FromHexString(key);
                if (hex.Length is >= MinShareLength and <= MaxShareLength)
                {
                    return hex;
                }
            }
            catch (FormatException)
            {
            }
        }
        try
        {
            var raw = Convert.FromBase64String(key);
            if (raw.Length is >= MinShareLength and <= MaxShareLength)
            {
                return raw;
            }
        }
        catch (FormatException)
        {
        }
        throw CofferError.BadRequest("'key' must be a valid hex or base64 string");
    }
}
