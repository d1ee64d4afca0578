using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Replication.Roles;

namespace Coffer.Core.Tests.Replication.Roles;

public sealed class EncryptedActivationTests
{
    private static readonly JsonObject Bundle = new() { ["secondary_id"] = "dr-east", ["client_private_key"] = "-----BEGIN PRIVATE KEY-----…" };

    [Fact]
    public void Only_the_private_half_of_the_key_it_was_sealed_to_opens_a_token()
    {
        using var secondary = EncryptedActivation.NewKeyPair();
        using var other = EncryptedActivation.NewKeyPair();
        var token = EncryptedActivation.Seal(Bundle, EncryptedActivation.PublicKeyOf(secondary));

        Assert.True(EncryptedActivation.IsSealed(token));
        Assert.DoesNotContain("dr-east", token);
        Assert.Equal(Bundle.ToJsonString(), EncryptedActivation.Open(token, secondary)!.ToJsonString());
        Assert.Null(EncryptedActivation.Open(token, other));
        // Two seals of one bundle share nothing: a fresh ephemeral key and nonce each time.
        Assert.NotEqual(token, EncryptedActivation.Seal(Bundle, EncryptedActivation.PublicKeyOf(secondary)));
    }

    [Fact]
    public void A_damaged_token_opens_to_nothing()
    {
        using var secondary = EncryptedActivation.NewKeyPair();
        var token = EncryptedActivation.Seal(Bundle, EncryptedActivation.PublicKeyOf(secondary));
        var parts = token[EncryptedActivation.Prefix.Length..].Split('.');
        var flipped = parts[2][..^2] + (parts[2][^2] == 'A' ? 'B' : 'A') + parts[2][^1];
        var otherEphemeral = EncryptedActivation.Seal(Bundle, EncryptedActivation.PublicKeyOf(secondary))[EncryptedActivation.Prefix.Length..].Split('.')[0];
        foreach (var damaged in new[]
                 {
                     $"{EncryptedActivation.Prefix}{parts[0]}.{parts[1]}.{flipped}",
                     $"{EncryptedActivation.Prefix}{otherEphemeral}.{parts[1]}.{parts[2]}",
                     $"{EncryptedActivation.Prefix}{parts[0]}.{parts[1]}",
                     $"{EncryptedActivation.Prefix}!!.{parts[1]}.{parts[2]}",
                     "eyJhbGciOiJFUzUxMiJ9.e30.sig",
                 })
        {
            Assert.Null(EncryptedActivation.Open(damaged, secondary));
        }
    }

    [Fact]
    public void A_public_key_that_is_not_p384_is_refused_with_400()
    {
        using var p256 = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        foreach (var key in new[] { "", "bm90IGEga2V5", "%%%", Convert.ToBase64String(p256.ExportSubjectPublicKeyInfo()) })
        {
            var refused = Assert.Throws<CofferError>(() => EncryptedActivation.CheckPublicKey(key));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        }
    }
}
