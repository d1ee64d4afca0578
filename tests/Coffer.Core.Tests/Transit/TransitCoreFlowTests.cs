using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Core.Tests.CoreFlow;

namespace Coffer.Core.Tests.Transit;

public sealed class TransitCoreFlowTests
{
    [Fact]
    public async Task MountedTransitEncryptsAndDecryptsThroughTheCore()
    {
        var h = await CoreHarness.StartAsync();
        await h.SendAsync(Operation.Update, "sys/mounts/transit", """{"type":"transit"}""");
        await h.SendAsync(Operation.Update, "transit/keys/app");
        var encrypted = await h.SendAsync(Operation.Update, "transit/encrypt/app", $$"""{"plaintext":"{{TransitFixture.B64("through core")}}"}""");
        Assert.Equal("transit", encrypted!.MountType);
        var ciphertext = encrypted.Data!["ciphertext"]!.GetValue<string>();
        var decrypted = await h.SendAsync(Operation.Update, "transit/decrypt/app", new JsonObject { ["ciphertext"] = ciphertext }.ToJsonString());
        Assert.Equal(TransitFixture.B64("through core"), decrypted!.Data!["plaintext"]!.GetValue<string>());

        // Root holds create, so encrypt to a missing key goes through the existence check and upserts it.
        await h.SendAsync(Operation.Update, "transit/encrypt/upserted", $$"""{"plaintext":"{{TransitFixture.B64("x")}}"}""");
        Assert.NotNull(await h.SendAsync(Operation.Read, "transit/keys/upserted"));
        var list = await h.SendAsync(Operation.List, "transit/keys/");
        Assert.Equal(["app", "upserted"], list!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }
}
