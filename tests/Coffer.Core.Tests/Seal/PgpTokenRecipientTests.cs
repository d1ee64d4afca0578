using System.Net;
using System.Text;
using Coffer.Core.Seal;
using Org.BouncyCastle.Bcpg;

namespace Coffer.Core.Tests.Seal;

public sealed class PgpTokenRecipientTests
{
    [Fact]
    public void Encrypts_to_the_key_and_reports_its_fingerprint()
    {
        var key = TestPgpKey.Generate();
        var recipient = PgpTokenRecipient.Parse(key.PublicKeyBase64);
        Assert.Equal(key.Fingerprint, recipient.Fingerprint);
        Assert.Matches("^[0-9a-f]{40}$", recipient.Fingerprint);
        var message = recipient.Encrypt(Encoding.UTF8.GetBytes("hvs.secret-token"));
        Assert.DoesNotContain("secret-token", Encoding.Latin1.GetString(message), StringComparison.Ordinal);
        Assert.Equal("hvs.secret-token", key.Decrypt(message));
    }

    [Fact]
    public void An_armored_key_in_base64_is_accepted_too()
    {
        var key = TestPgpKey.Generate();
        using var armoredText = new MemoryStream();
        using (var armor = new ArmoredOutputStream(armoredText))
        {
            armor.Write(Convert.FromBase64String(key.PublicKeyBase64));
        }
        var recipient = PgpTokenRecipient.Parse(Convert.ToBase64String(armoredText.ToArray()));
        Assert.Equal(key.Fingerprint, recipient.Fingerprint);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("bm90IGEga2V5")]
    [InlineData("")]
    public void Anything_else_is_a_bad_request(string value)
    {
        var error = Assert.Throws<CofferError>(() => PgpTokenRecipient.Parse(value));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }
}
