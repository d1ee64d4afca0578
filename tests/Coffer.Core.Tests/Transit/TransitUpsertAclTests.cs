using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Transit;

/// <summary>Encrypt to a missing key is a <c>create</c> for the ACL: only callers holding create may upsert.</summary>
public sealed class TransitUpsertAclTests
{
    [Theory]
    [InlineData("update", false)]
    [InlineData("create", true)]
    public async Task OnlyCreateCapabilityUpsertsAKey(string capability, bool upserts)
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/transit", """{"type":"transit"}""");
        var policy = $$"""path "transit/encrypt/*" { capabilities = ["{{capability}}"] }""";
        await h.SendAsync(Operation.Update, "sys/policies/acl/enc", new JsonObject { ["policy"] = policy }.ToJsonString());
        var token = (await h.SendAsync(Operation.Update, "auth/token/create", """{"policies":["enc"]}"""))!.Auth!["client_token"]!.GetValue<string>();
        var body = $$"""{"plaintext":"{{TransitFixture.B64("x")}}"}""";

        if (upserts)
        {
            var result = await h.SendAsync(Operation.Update, "transit/encrypt/fresh", body, token);
            Assert.StartsWith("vault:v1:", result!.Data!["ciphertext"]!.GetValue<string>());
            Assert.NotNull(await h.SendAsync(Operation.Read, "transit/keys/fresh"));
        }
        else
        {
            var denied = await Assert.ThrowsAsync<CofferError>(() => h.SendAsync(Operation.Update, "transit/encrypt/fresh", body, token));
            Assert.Contains(denied.Status, new[] { HttpStatusCode.Forbidden, HttpStatusCode.BadRequest });
            Assert.Null(await h.SendAsync(Operation.Read, "transit/keys/fresh"));
            // With the key in place the same update-only caller may encrypt.
            await h.SendAsync(Operation.Update, "transit/keys/fresh");
            Assert.NotNull(await h.SendAsync(Operation.Update, "transit/encrypt/fresh", body, token));
        }
    }
}
