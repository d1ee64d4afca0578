using Coffer.Core.Seal;

namespace Coffer.Core.Tests.Seal;

public sealed class OtpTokenEncodingTests
{
    [Fact]
    public void Round_trips_and_accepts_padded_base64()
    {
        const string token = "hvs.0123456789abcdefghijABCD";
        var otp = OtpTokenEncoding.GenerateOtp(token.Length);
        var encoded = OtpTokenEncoding.Encode(token, otp);
        Assert.DoesNotContain('=', encoded);
        Assert.Equal(token, OtpTokenEncoding.Decode(encoded, otp));
        var padded = Convert.ToBase64String(Convert.FromBase64String(encoded + "=="));
        Assert.EndsWith("=", padded);
        Assert.Equal(token, OtpTokenEncoding.Decode(padded, otp));
    }

    [Fact]
    public void The_encoding_hides_the_token_and_a_wrong_otp_does_not_reveal_it()
    {
        const string token = "hvs.0123456789abcdefghijABCD";
        var otp = OtpTokenEncoding.GenerateOtp(token.Length);
        var encoded = OtpTokenEncoding.Encode(token, otp);
        Assert.DoesNotContain("0123456789", System.Text.Encoding.Latin1.GetString(Convert.FromBase64String(encoded.PadRight(encoded.Length + (4 - encoded.Length % 4) % 4, '='))), StringComparison.Ordinal);
        Assert.NotEqual(token, OtpTokenEncoding.Decode(encoded, OtpTokenEncoding.GenerateOtp(token.Length)));
    }

    [Fact]
    public void Lengths_must_match()
    {
        Assert.Throws<ArgumentException>(() => OtpTokenEncoding.Encode("abc", "ab"));
        var encoded = OtpTokenEncoding.Encode("abcd", "wxyz");
        Assert.Throws<FormatException>(() => OtpTokenEncoding.Decode(encoded, "wxy"));
        Assert.Throws<FormatException>(() => OtpTokenEncoding.Decode("!!not base64!!", "wxyz"));
    }

    [Fact]
    public void Generated_otps_are_base62_of_the_requested_length()
    {
        var otp = OtpTokenEncoding.GenerateOtp(28);
        Assert.Matches("^[0-9A-Za-z]{28}$", otp);
        Assert.NotEqual(otp, OtpTokenEncoding.GenerateOtp(28));
    }
}
