using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Leases;
using Coffer.Core.Routing;

namespace Coffer.Core.Tests.Leases;

public sealed class LeaseRevocationTests
{
    [Theory]
    [InlineData("sys/leases/revoke")]
    [InlineData("sys/revoke")]
    public async Task ASyncRevocationRemovesTheSecretBeforeAnswering(string path)
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;

        var response = await h.SendAsync(Operation.Update, path, $$"""{"lease_id":"{{leaseId}}"}""");

        Assert.Null(response);
        Assert.Single(h.Engine.Revoked);
        Assert.Null(h.Core.Leases.Find(leaseId));
    }

    [Fact]
    public async Task TheLeaseIdMayBeInTheUrl()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;

        await h.SendAsync(Operation.Update, "sys/revoke/" + leaseId);

        Assert.Null(h.Core.Leases.Find(leaseId));
    }

    [Fact]
    public async Task AnAsyncRevocationIsQueuedWith202()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;

        var response = await h.SendAsync(Operation.Update, "sys/leases/revoke/" + leaseId, """{"sync":false}""");

        Assert.Equal(202, response!.StatusCode);
        Assert.Null(response.Data);
        await LeaseHarness.EventuallyAsync(() => h.Core.Leases.Count == 0);
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task RevokingAnUnknownLeaseSucceeds()
    {
        await using var h = await LeaseHarness.StartAsync();

        Assert.Null(await h.SendAsync(Operation.Update, "sys/leases/revoke", """{"lease_id":"db/creds/ro/none"}"""));
        Assert.Equal("lease_id must be specified", (await h.FailsAsync(Operation.Update, "sys/leases/revoke", "{}")).Message);
    }

    [Fact]
    public async Task ASyncRevocationThatTheEngineRefusesKeepsTheLease()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;
        h.Engine.FailRevocations = true;

        var error = await h.FailsAsync(Operation.Update, "sys/leases/revoke", $$"""{"lease_id":"{{leaseId}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("failed to revoke entry: database is down", error.Message);
        Assert.NotNull(h.Core.Leases.Find(leaseId));
    }

    [Fact]
    public async Task RevokeForceDeletesLeasesEvenWhenTheEngineFails()
    {
        await using var h = await LeaseHarness.StartAsync();
        var a = (await h.IssueAsync("a")).LeaseId;
        var b = (await h.IssueAsync("b")).LeaseId;
        h.Engine.FailRevocations = true;

        var prefix = await h.FailsAsync(Operation.Update, "sys/leases/revoke-prefix/db/creds/a");
        Assert.Equal($"failed to revoke \"{a}\" (1 / 1): failed to revoke entry: database is down", prefix.Message);
        Assert.Null(await h.SendAsync(Operation.Update, "sys/leases/revoke-force/db/creds/a"));

        Assert.Null(h.Core.Leases.Find(a));
        Assert.NotNull(h.Core.Leases.Find(b));
        await h.SendAsync(Operation.Update, "sys/revoke-force/db/");
        Assert.Equal(0, h.Core.Leases.Count);
    }

    [Fact]
    public async Task RevokePrefixTakesEveryLeaseUnderThePathAndNothingElse()
    {
        await using var h = await LeaseHarness.StartAsync();
        var underA = new[] { (await h.IssueAsync("a")).LeaseId, (await h.IssueAsync("a")).LeaseId };
        var underAb = (await h.IssueAsync("ab")).LeaseId;

        Assert.Null(await h.SendAsync(Operation.Update, "sys/leases/revoke-prefix/db/creds/a"));

        Assert.All(underA, id => Assert.Null(h.Core.Leases.Find(id)));
        Assert.NotNull(h.Core.Leases.Find(underAb));
        Assert.Equal(2, h.Engine.Revoked.Count);
    }

    [Fact]
    public async Task RevokePrefixOfAWholeLeaseIdRevokesJustThatLease()
    {
        await using var h = await LeaseHarness.StartAsync();
        var one = (await h.IssueAsync()).LeaseId;
        var other = (await h.IssueAsync()).LeaseId;

        await h.SendAsync(Operation.Update, "sys/revoke-prefix/" + one);

        Assert.Null(h.Core.Leases.Find(one));
        Assert.NotNull(h.Core.Leases.Find(other));
    }

    [Fact]
    public async Task AsyncRevokePrefixAnswers202AndTheSweepRevokes()
    {
        await using var h = await LeaseHarness.StartAsync();
        await h.IssueAsync();
        await h.IssueAsync();

        var response = await h.SendAsync(Operation.Update, "sys/revoke-prefix/db", """{"sync":false}""");

        Assert.Equal(202, response!.StatusCode);
        await LeaseHarness.EventuallyAsync(() => h.Core.Leases.Count == 0);
        Assert.Equal(2, h.Engine.Revoked.Count);
    }

    [Fact]
    public async Task RevokePrefixAlsoRevokesTokensIssuedUnderThePath()
    {
        await using var h = await LeaseHarness.StartAsync();
        var created = await h.SendAsync(Operation.Update, "auth/token/create", """{"policies":["default"]}""");
        var token = created!.Auth!["client_token"]!.GetValue<string>();

        await h.SendAsync(Operation.Update, "sys/leases/revoke-prefix/auth/token/create");

        Assert.Null(await h.Core.Tokens.LookupAsync(token));
        Assert.NotNull(await h.Core.Tokens.LookupAsync(h.RootToken));
    }

    [Fact]
    public async Task RevokingATokenRevokesTheLeasesItHolds()
    {
        await using var h = await LeaseHarness.StartAsync();
        var holder = await h.TokenWithPolicyAsync("creds", LeaseHarness.ReadCredsPolicy);
        var held = (await h.IssueAsync(token: holder)).LeaseId;
        var other = (await h.IssueAsync()).LeaseId;

        await h.SendAsync(Operation.Update, "auth/token/revoke", new JsonObject { ["token"] = holder }.ToJsonString());

        await LeaseHarness.EventuallyAsync(() => h.Core.Leases.Find(held) is null);
        Assert.NotNull(h.Core.Leases.Find(other));
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task AnExpiringTokenTakesItsLeasesWithIt()
    {
        await using var h = await LeaseHarness.StartAsync();
        h.Engine.TtlSeconds = 3600;
        var holder = await h.TokenWithPolicyAsync("creds", LeaseHarness.ReadCredsPolicy, ""","ttl":"2m" """);
        var held = (await h.IssueAsync(token: holder)).LeaseId;

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        await h.Core.Tokens.RevokeExpiredAsync();

        await LeaseHarness.EventuallyAsync(() => h.Core.Leases.Find(held) is null);
        Assert.Single(h.Engine.Revoked);
    }

    [Fact]
    public async Task ABatchTokensLeasesGoWithItsParent()
    {
        await using var h = await LeaseHarness.StartAsync();
        var parent = await h.TokenWithPolicyAsync("creds", LeaseHarness.ReadCredsPolicy + """
            path "auth/token/create" { capabilities = ["update"] }
            """);
        var batch = (await h.SendAsync(Operation.Update, "auth/token/create", """{"type":"batch","policies":["creds"]}""", token: parent))!
            .Auth!["client_token"]!.GetValue<string>();
        var held = (await h.IssueAsync(token: batch)).LeaseId;

        await h.SendAsync(Operation.Update, "auth/token/revoke", new JsonObject { ["token"] = parent }.ToJsonString());

        await LeaseHarness.EventuallyAsync(() => h.Core.Leases.Find(held) is null);
    }

    [Fact]
    public async Task DisablingAMountRevokesItsLeasesFirst()
    {
        await using var h = await LeaseHarness.StartAsync();
        await h.IssueAsync();
        await h.IssueAsync();
        h.Engine.FailRevocations = true;

        var refused = await h.FailsAsync(Operation.Delete, "sys/mounts/db");
        Assert.StartsWith("failed to revoke \"db/creds/ro/", refused.Message);
        Assert.Contains(h.Core.Mounts.Entries, m => m.Path == "db/");
        Assert.Equal(2, h.Core.Leases.Count);

        h.Engine.FailRevocations = false;
        await h.SendAsync(Operation.Delete, "sys/mounts/db");
        Assert.DoesNotContain(h.Core.Mounts.Entries, m => m.Path == "db/");
        Assert.Equal(0, h.Core.Leases.Count);
        Assert.Equal(2, h.Engine.Revoked.Count);
    }

    [Fact]
    public async Task RevokeByMountIsUsableForAForcedMove()
    {
        await using var h = await LeaseHarness.StartAsync();
        await h.IssueAsync();
        h.Engine.FailRevocations = true;
        var uuid = h.Core.Mounts.Entries.Single(m => m.Path == "db/").Uuid;

        Assert.Equal(1, await h.Core.Leases.RevokeByMountAsync(uuid, force: true));

        Assert.Equal(0, h.Core.Leases.Count);
    }

    [Fact]
    public async Task TidyRemovesLeasesWhoseTokenIsGone()
    {
        var physical = new Coffer.Core.Storage.InMemPhysical();
        await using var h = await LeaseHarness.StartAsync(physical);
        var kept = (await h.IssueAsync()).LeaseId;
        var orphan = h.Core.Leases.Find(kept)! with { LeaseId = "db/creds/ro/leftover", TokenAccessor = "no-such-accessor" };
        await h.Core.Barrier.CommitAsync([Coffer.Core.Barrier.SecureOperation.Put(LeaseManager.IdPrefix + orphan.LeaseId, LeaseEntrySerializer.Serialize(orphan))]);
        await h.Core.SealAsync(h.RootToken);
        await h.Core.SubmitUnsealKeyAsync(h.UnsealKey);
        Assert.Equal(2, h.Core.Leases.Count);

        var response = await h.SendAsync(Operation.Update, "sys/leases/tidy");

        Assert.Equal(202, response!.StatusCode);
        Assert.StartsWith("Tidy operation successfully started.", Assert.Single(response.Warnings));
        Assert.Null(h.Core.Leases.Find("db/creds/ro/leftover"));
        Assert.NotNull(h.Core.Leases.Find(kept));
    }

    [Fact]
    public async Task LookupListsLeaseIdsAsPathSegments()
    {
        await using var h = await LeaseHarness.StartAsync();
        var a = (await h.IssueAsync("a")).LeaseId;
        await h.IssueAsync("b");

        var roles = await h.SendAsync(Operation.List, "sys/leases/lookup/db/creds/");
        var ids = await h.SendAsync(Operation.List, "sys/leases/lookup/db/creds/a");

        Assert.Equal("""["a/","b/"]""", roles!.Data!["keys"]!.ToJsonString());
        Assert.Equal($"""["{a["db/creds/a/".Length..]}"]""", ids!.Data!["keys"]!.ToJsonString());
    }

    [Fact]
    public async Task PrefixForceAndListingNeedSudo()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;
        var plain = await h.TokenWithPolicyAsync("plain", """
            path "sys/leases/*" { capabilities = ["update", "list", "read"] }
            path "sys/revoke-prefix/*" { capabilities = ["update"] }
            """);
        var sudo = await h.TokenWithPolicyAsync("sudo", """path "sys/leases/revoke-prefix/*" { capabilities = ["update", "sudo"] }""");

        foreach (var (operation, path) in new[]
                 {
                     (Operation.Update, "sys/leases/revoke-prefix/db"), (Operation.Update, "sys/revoke-prefix/db"),
                     (Operation.Update, "sys/leases/revoke-force/db"), (Operation.List, "sys/leases/lookup/db/"),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await h.FailsAsync(operation, path, token: plain)).Status);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await h.FailsAsync(Operation.Read, "sys/leases", """{"type":"irrevocable"}""", plain)).Status);
        Assert.NotNull(await h.SendAsync(Operation.Update, "sys/leases/lookup", $$"""{"lease_id":"{{leaseId}}"}""", token: plain));

        await h.SendAsync(Operation.Update, "sys/leases/revoke-prefix/db", token: sudo);
        Assert.Equal(0, h.Core.Leases.Count);
    }

    [Fact]
    public async Task TheDefaultPolicyMayRenewAndLookUp()
    {
        await using var h = await LeaseHarness.StartAsync();
        var leaseId = (await h.IssueAsync()).LeaseId;
        var created = await h.SendAsync(Operation.Update, "auth/token/create", """{"policies":["default"]}""");
        var token = created!.Auth!["client_token"]!.GetValue<string>();

        Assert.NotNull(await h.SendAsync(Operation.Update, "sys/leases/renew", $$"""{"lease_id":"{{leaseId}}"}""", token: token));
        Assert.NotNull(await h.SendAsync(Operation.Update, "sys/renew", $$"""{"lease_id":"{{leaseId}}"}""", token: token));
        Assert.NotNull(await h.SendAsync(Operation.Update, "sys/leases/lookup", $$"""{"lease_id":"{{leaseId}}"}""", token: token));
        Assert.Equal(HttpStatusCode.Forbidden, (await h.FailsAsync(Operation.Update, "sys/leases/revoke/" + leaseId, token: token)).Status);
    }

    [Fact]
    public async Task OtherOperationsAre405()
    {
        await using var h = await LeaseHarness.StartAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await h.FailsAsync(Operation.Read, "sys/leases/renew")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await h.FailsAsync(Operation.Delete, "sys/leases/lookup")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await h.FailsAsync(Operation.Update, "sys/leases/count")).Status);
        Assert.Null(await h.SendAsync(Operation.Read, "sys/leases/count"));
    }
}
