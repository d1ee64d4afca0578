using System.Net;
using Coffer.Core.Access;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Tokens;

public sealed class TokenUsesAndCidrTests
{
    [Fact]
    public async Task EachAuthenticationSpendsAUseAndTheLastOneRevokesTheToken()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"num_uses":3}""");
        var hashedId = (await h.Store.LookupAsync(token))!.HashedId;
        Assert.Equal(3, (await h.LookupAsync(token))["num_uses"]!.GetValue<int>());

        Assert.Equal(2, (await h.Store.AuthenticateAsync(token, null)).NumUses);
        Assert.Equal(2, (await h.LookupAsync(token))["num_uses"]!.GetValue<int>());
        Assert.Equal(1, (await h.Store.AuthenticateAsync(token, null)).NumUses);
        var last = await h.Store.AuthenticateAsync(token, null);
        Assert.Equal(TokenEntry.UsesExhausted, last.NumUses);
        await Assert.ThrowsAsync<CofferError>(() => h.Store.AuthenticateAsync(token, null));
        Assert.NotNull(await h.Barrier.GetAsync("sys/token/id/" + hashedId));

        await h.Store.FinishRequestAsync(last);
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + hashedId));
    }

    [Fact]
    public async Task ConcurrentRequestsCannotOverspendAToken()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"num_uses":5}""");
        var attempts = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            try
            {
                await h.Store.AuthenticateAsync(token, null);
                return true;
            }
            catch (CofferError error) when (error.Status == HttpStatusCode.Forbidden)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(5, results.Count(ok => ok));
    }

    [Fact]
    public async Task TheLastUseStillServesItsRequest()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"num_uses":1}""");
        var self = await h.SendAsync(Operation.Read, "lookup-self", token: token);
        Assert.Equal(TokenEntry.UsesExhausted, self!.Data!["num_uses"]!.GetValue<int>());
        Assert.Null(await h.Store.LookupAsync(token));
    }

    [Fact]
    public async Task AnUnfinishedLastUseIsRevokedAfterAGracePeriod()
    {
        var h = await TokenHarness.StartAsync();
        var token = await h.CreateAsync("""{"policies":["a"],"num_uses":1}""");
        var spent = await h.Store.AuthenticateAsync(token, null);
        Assert.Equal(0, await h.Store.RevokeExpiredAsync());
        h.Clock.Advance(TimeSpan.FromSeconds(91));
        Assert.Equal(1, await h.Store.RevokeExpiredAsync());
        Assert.Null(await h.Barrier.GetAsync("sys/token/id/" + spent.HashedId));
    }

    [Fact]
    public async Task BoundCidrsRestrictWhereATokenWorks()
    {
        var h = await TokenHarness.StartAsync();
        await h.SendAsync(Operation.Update, "roles/office", """{"token_bound_cidrs":["10.0.0.0/8","192.168.1.7"]}""");
        var token = await h.CreateAsync("""{"policies":["a"]}""", path: "create/office");
        Assert.Equal(["10.0.0.0/8", "192.168.1.7/32"], ServiceTokenTests.Strings((await h.LookupAsync(token))["bound_cidrs"]));

        await h.Store.AuthenticateAsync(token, "10.1.2.3");
        await h.Store.AuthenticateAsync(token, "::ffff:10.1.2.3");
        await h.Store.AuthenticateAsync(token, "192.168.1.7");
        foreach (var outside in new[] { "192.168.1.8", "11.0.0.1", null, "not-an-ip" })
        {
            var error = await Assert.ThrowsAsync<CofferError>(() => h.Store.AuthenticateAsync(token, outside));
            Assert.Equal("permission denied", error.Message);
        }
    }

    [Fact]
    public async Task ChildrenInheritTheirParentsCidrs()
    {
        var h = await TokenHarness.StartAsync();
        await h.SendAsync(Operation.Update, "roles/office", """{"bound_cidrs":"127.0.0.0/8"}""");
        var parent = await h.CreateAsync("""{"policies":["a"]}""", path: "create/office");
        var child = await h.CreateAsync("{}", parent);
        await Assert.ThrowsAsync<CofferError>(() => h.Store.AuthenticateAsync(child, "10.0.0.1"));
        await h.Store.AuthenticateAsync(child, "127.0.0.1");
        Assert.Equal("invalid value \"10.0.0.0/33\" when parsing bound cidrs",
            (await h.FailsAsync(Operation.Update, "roles/bad", """{"token_bound_cidrs":"10.0.0.0/33"}""")).Message);
    }

    [Theory]
    [InlineData("10.0.0.7/8", "10.200.0.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    public void CidrMatching(string cidr, string address, bool allowed)
    {
        Assert.Equal(allowed, BoundCidrs.Allows(BoundCidrs.Parse([cidr]), address));
    }
}
