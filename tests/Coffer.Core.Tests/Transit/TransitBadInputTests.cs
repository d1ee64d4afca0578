using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitBadInputTests
{
    [Fact]
    public async Task UnknownKeyTypeIsA400AndCreatesNothing()
    {
        var t = await TransitFixture.StartAsync();
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/k", """{"type":"des"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("unknown key type des", refused.Errors[0]);
        var upsert = await Assert.ThrowsAsync<CofferError>(() =>
            t.SendAsync(Operation.Create, "encrypt/u", $$"""{"type":"ecdsa-p256","plaintext":"{{TransitFixture.B64("x")}}"}"""));
        Assert.Equal("key type ecdsa-p256 not supported for this operation", upsert.Errors[0]);
        Assert.Null(await t.SendAsync(Operation.Read, "keys/k"));
        Assert.Null(await t.SendAsync(Operation.Read, "keys/u"));
    }

    [Theory]
    [InlineData("nope:v1:AAAA", "invalid ciphertext: no prefix")]
    [InlineData("vault:vx:AAAA", "invalid ciphertext: invalid version")]
    [InlineData("vault:v1:%%%", "invalid ciphertext: could not decode")]
    [InlineData("vault:v9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid key version")]
    [InlineData("vault:v1:AAAA", "invalid ciphertext: too short")]
    public async Task BadCiphertextIsA400WithVaultsText(string ciphertext, string error)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", ciphertext));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(error, refused.Errors[0]);
    }

    [Fact]
    public async Task TamperedAndRetiredCiphertextsAreRefused()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var v1 = await t.EncryptAsync("k", "secret");
        var blob = Convert.FromBase64String(v1["vault:v1:".Length..]);
        blob[^1] ^= 1;
        var tampered = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", "vault:v1:" + Convert.ToBase64String(blob)));
        Assert.Equal("cipher: message authentication failed", tampered.Errors[0]);

        await t.WriteAsync("keys/k/rotate");
        await t.WriteAsync("keys/k/config", """{"min_decryption_version":2}""");
        var retired = await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("k", v1));
        Assert.Equal("ciphertext or signature version is disallowed by policy (too old)", retired.Errors[0]);
    }

    [Fact]
    public async Task WrongFieldTypesAreA400()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        foreach (var (path, body) in new[]
        {
            ("encrypt/k", """{"plaintext":{"a":1}}"""),
            ("encrypt/k", """{"plaintext":"not base64!"}"""),
            ("encrypt/k", """{"batch_input":"x"}"""),
            ("decrypt/k", """{"ciphertext":[1]}"""),
            ("keys/k/config", """{"min_decryption_version":"abc"}"""),
            ("hmac/k", """{"input":true,"key_version":"x"}"""),
            ("keys/z", """{"type":["aes256-gcm96"]}"""),
        })
        {
            var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, path, body));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        }
    }

    [Fact]
    public async Task BatchFailuresKeepEveryResultAndSetTheStatus()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var good = await t.EncryptAsync("k", "fine");

        var allGood = (await DecryptBatchAsync(t, null, good, good))!;
        Assert.Null(allGood.StatusCode);

        var partial = (await DecryptBatchAsync(t, null, good, "vault:v1:bad"))!;
        Assert.Equal(400, partial.StatusCode);
        var results = partial.Data!["batch_results"]!.AsArray();
        Assert.Equal(TransitFixture.B64("fine"), results[0]!["plaintext"]!.GetValue<string>());
        Assert.Equal("invalid ciphertext: could not decode", results[1]!["error"]!.GetValue<string>());

        Assert.Equal(207, (await DecryptBatchAsync(t, 207, good, "vault:v1:bad"))!.StatusCode);
        Assert.Equal(400, (await DecryptBatchAsync(t, 207, "x", "vault:v1:bad"))!.StatusCode);

        var encrypt = new JsonObject
        {
            ["partial_failure_response_code"] = 202,
            ["batch_input"] = new JsonArray(new JsonObject { ["plaintext"] = "%%" }, new JsonObject { ["plaintext"] = TransitFixture.B64("ok") }),
        };
        var encrypted = await t.SendAsync(Operation.Update, "encrypt/k", encrypt.ToJsonString());
        Assert.Equal(202, encrypted!.StatusCode);
        Assert.Equal("failed to base64-decode plaintext", encrypted.Data!["batch_results"]![0]!["error"]!.GetValue<string>());
        Assert.StartsWith("vault:v1:", encrypted.Data!["batch_results"]![1]!["ciphertext"]!.GetValue<string>());
    }

    private static Task<Response?> DecryptBatchAsync(TransitFixture t, int? partialCode, params string[] ciphertexts)
    {
        var body = new JsonObject { ["batch_input"] = new JsonArray(ciphertexts.Select(c => (JsonNode)new JsonObject { ["ciphertext"] = c }).ToArray()) };
        if (partialCode is not null)
        {
            body["partial_failure_response_code"] = partialCode;
        }
        return t.SendAsync(Operation.Update, "decrypt/k", body.ToJsonString());
    }
}
