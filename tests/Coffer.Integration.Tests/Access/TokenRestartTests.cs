namespace Coffer.Integration.Tests.Access;

/// <summary>Tokens are stored state: they outlive a seal and a process restart, and keep counting down.</summary>
public sealed class TokenRestartTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task TokensSurviveSealAndRestartWithTheirExpiry()
    {
        await Api.WritePolicyAsync(Root, "restart-creator", """path "auth/token/create" { capabilities = ["update"] }""");
        var parent = (await Api.CreateTokenAsync(Root, """{"policies":["restart-creator"],"ttl":"1h"}""")).ClientToken;
        var child = await Api.TokenWithPoliciesAsync(parent, "restart-creator");
        var shortLived = (await Api.CreateTokenAsync(Root, """{"policies":["default"],"ttl":"4s"}""")).ClientToken;
        var sinceShortLived = System.Diagnostics.Stopwatch.StartNew();
        var expireTime = (await Api.LookupSelfAsync(parent))["expire_time"]!.GetValue<string>();

        (await Api.PutAsync("sys/seal", Root)).ExpectNoContent();
        await fixture.Server.UnsealAsync();
        Assert.Equal(expireTime, (await Api.LookupSelfAsync(parent))["expire_time"]!.GetValue<string>());

        await fixture.Server.RestartAsync();
        await fixture.Server.UnsealAsync();
        var afterRestart = await Api.LookupSelfAsync(parent);
        Assert.Equal(expireTime, afterRestart["expire_time"]!.GetValue<string>());
        Assert.InRange(afterRestart["ttl"]!.GetValue<long>(), 3500, 3600);
        Assert.Equal("""["default","restart-creator"]""", afterRestart["policies"]!.ToJsonString());

        // The parent-child link and the expiry queue came back from storage too.
        var untilExpired = TimeSpan.FromSeconds(5.5) - sinceShortLived.Elapsed;
        if (untilExpired > TimeSpan.Zero)
        {
            await Task.Delay(untilExpired);
        }
        (await Api.GetAsync("auth/token/lookup-self", shortLived)).ExpectDenied();
        (await Api.PostAsync("auth/token/revoke", Root, $$"""{"token":"{{parent}}"}""")).ExpectNoContent();
        (await Api.GetAsync("auth/token/lookup-self", child)).ExpectDenied();
    }
}
