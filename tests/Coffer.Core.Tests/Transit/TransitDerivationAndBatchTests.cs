using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitDerivationAndBatchTests
{
    [Fact]
    public async Task DerivedKeysNeedContextAndContextsDiffer()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/d", """{"derived":true}""");
        var missing = await Assert.ThrowsAsync<CofferError>(() => t.EncryptAsync("d", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("context", missing.Message);

        var ciphertext = await t.EncryptAsync("d", "per tenant", "tenant-a");
        Assert.Equal("per tenant", await t.DecryptAsync("d", ciphertext, "tenant-a"));
        await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("d", ciphertext, "tenant-b"));
        await Assert.ThrowsAsync<CofferError>(() => t.DecryptAsync("d", ciphertext));

        var read = (await t.SendAsync(Operation.Read, "keys/d"))!.Data!;
        Assert.Equal("hkdf_sha256", read["kdf"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConvergentEncryptionIsDeterministicPerContext()
    {
        var t = await TransitFixture.StartAsync();
        var refused = await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "keys/c", """{"convergent_encryption":true}"""));
        Assert.Contains("requires derivation", refused.Message);
        await t.SendAsync(Operation.Update, "keys/c", """{"derived":true,"convergent_encryption":true}""");

        var first = await t.EncryptAsync("c", "same", "ctx");
        Assert.Equal(first, await t.EncryptAsync("c", "same", "ctx"));
        Assert.NotEqual(first, await t.EncryptAsync("c", "same", "other"));
        Assert.NotEqual(first, await t.EncryptAsync("c", "different", "ctx"));
        Assert.Equal("same", await t.DecryptAsync("c", first, "ctx"));
    }

    [Fact]
    public async Task NonConvergentDerivedEncryptionIsRandomized()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/d", """{"derived":true}""");
        Assert.NotEqual(await t.EncryptAsync("d", "same", "ctx"), await t.EncryptAsync("d", "same", "ctx"));
    }

    [Fact]
    public async Task BatchReportsPerItemErrorsAndKeepsReferences()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var batch = new JsonObject
        {
            ["batch_input"] = new JsonArray(
                new JsonObject { ["plaintext"] = TransitFixture.B64("one"), ["reference"] = "r1" },
                new JsonObject { ["plaintext"] = "%%% not base64" , ["reference"] = "r2" },
                new JsonObject { ["plaintext"] = TransitFixture.B64("three") }),
        };
        var results = (await t.WriteAsync("encrypt/k", batch.ToJsonString()))["batch_results"]!.AsArray();
        Assert.Equal(3, results.Count);
        Assert.Equal("r1", results[0]!["reference"]!.GetValue<string>());
        Assert.Null(results[0]!["error"]);
        Assert.Equal("r2", results[1]!["reference"]!.GetValue<string>());
        Assert.Contains("base64", results[1]!["error"]!.GetValue<string>());
        Assert.Null(results[1]!["ciphertext"]);

        var decrypt = new JsonObject
        {
            ["batch_input"] = new JsonArray(
                new JsonObject { ["ciphertext"] = results[0]!["ciphertext"]!.GetValue<string>() },
                new JsonObject { ["ciphertext"] = "garbage" },
                new JsonObject { ["ciphertext"] = results[2]!["ciphertext"]!.GetValue<string>() }),
        };
        var plain = (await t.WriteAsync("decrypt/k", decrypt.ToJsonString()))["batch_results"]!.AsArray();
        Assert.Equal(TransitFixture.B64("one"), plain[0]!["plaintext"]!.GetValue<string>());
        Assert.StartsWith("invalid ciphertext", plain[1]!["error"]!.GetValue<string>());
        Assert.Equal(TransitFixture.B64("three"), plain[2]!["plaintext"]!.GetValue<string>());
    }

    [Fact]
    public async Task EmptyBatchIsRejected()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "encrypt/k", """{"batch_input":[]}"""));
    }

    [Theory]
    [InlineData("plaintext", 128)]
    [InlineData("plaintext", 256)]
    [InlineData("plaintext", 512)]
    [InlineData("wrapped", 256)]
    public async Task DataKeysDecryptToTheReturnedPlaintext(string kind, int bits)
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        var result = await t.WriteAsync($"datakey/{kind}/k", $$"""{"bits":{{bits}}}""");
        var ciphertext = result["ciphertext"]!.GetValue<string>();
        var opened = (await t.WriteAsync("decrypt/k", new JsonObject { ["ciphertext"] = ciphertext }.ToJsonString()))["plaintext"]!.GetValue<string>();
        Assert.Equal(bits / 8, Convert.FromBase64String(opened).Length);
        if (kind == "plaintext")
        {
            Assert.Equal(opened, result["plaintext"]!.GetValue<string>());
        }
        else
        {
            Assert.Null(result["plaintext"]);
        }
    }

    [Fact]
    public async Task DataKeyRejectsBadBitsAndTypes()
    {
        var t = await TransitFixture.StartAsync();
        await t.SendAsync(Operation.Update, "keys/k");
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "datakey/plaintext/k", """{"bits":100}"""));
        await Assert.ThrowsAsync<CofferError>(() => t.SendAsync(Operation.Update, "datakey/other/k"));
    }
}
