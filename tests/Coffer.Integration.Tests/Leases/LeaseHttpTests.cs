using System.Net;
using Coffer.Integration.Tests.Access;

namespace Coffer.Integration.Tests.Leases;

/// <summary>
/// The <c>sys/leases</c> API of a real server process. No engine shipped in this build issues leases, so these cover the
/// HTTP shape (status codes, bodies, legacy aliases, sudo) and the token side of prefix revocation; the lease lifecycle
/// itself (expiry, restart on SQLite, backoff) is covered in Coffer.Core.Tests/Leases with a leasing test engine.
/// </summary>
public sealed class LeaseHttpTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task UnknownLeasesGetVaultsAnswers()
    {
        (await Api.PutAsync("sys/leases/lookup", Root, """{"lease_id":"nope/x"}""")).ExpectBadRequest("invalid lease");
        (await Api.PutAsync("sys/leases/lookup", Root)).ExpectBadRequest("lease_id must be specified");
        (await Api.PutAsync("sys/leases/renew", Root, """{"lease_id":"nope/x","increment":60}""")).ExpectBadRequest("lease not found");
        (await Api.PutAsync("sys/renew/nope/x", Root)).ExpectBadRequest("lease not found");
        (await Api.PutAsync("sys/leases/revoke", Root, """{"lease_id":"nope/x"}""")).ExpectNoContent();
        (await Api.PutAsync("sys/revoke/nope/x", Root)).ExpectNoContent();
    }

    [Fact]
    public async Task AnAsyncRevocationIs202WithoutABody()
    {
        var reply = await Api.PutAsync("sys/leases/revoke", Root, """{"lease_id":"nope/x","sync":false}""");

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal("", reply.RawBody);
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PutAsync("sys/leases/revoke-prefix/nope", Root, """{"sync":false}""")).Status);
    }

    [Fact]
    public async Task TidyIsAcceptedWithAWarning()
    {
        var reply = await Api.PostAsync("sys/leases/tidy", Root);

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.StartsWith("Tidy operation successfully started.", Assert.Single(reply.Warnings));
    }

    [Fact]
    public async Task RevokePrefixRevokesTokensIssuedUnderThePath()
    {
        await Api.WritePolicyAsync(Root, "lease-prefix-caller", """path "sys/leases/revoke-prefix/*" { capabilities = ["update"] }""");
        var orphan = (await Api.CreateTokenAsync(Root, """{"policies":["default"]}""", "auth/token/create-orphan")).ClientToken;
        var child = (await Api.CreateTokenAsync(Root, """{"policies":["default"]}""")).ClientToken;
        var noSudo = await Api.TokenWithPoliciesAsync(Root, "lease-prefix-caller");

        (await Api.PutAsync("sys/leases/revoke-prefix/auth/token/create-orphan", noSudo)).ExpectDenied();
        (await Api.PutAsync("sys/revoke-prefix/auth/token/create-orphan", Root)).ExpectNoContent();

        (await Api.GetAsync("auth/token/lookup-self", orphan)).ExpectDenied();
        (await Api.GetAsync("auth/token/lookup-self", child)).ExpectOk();
    }

    [Fact]
    public async Task ListingAndIrrevocableQueriesNeedSudo()
    {
        await Api.WritePolicyAsync(Root, "lease-reader", """path "sys/leases*" { capabilities = ["read", "list", "update"] }""");
        var reader = await Api.TokenWithPoliciesAsync(Root, "lease-reader");

        (await Api.ListAsync("sys/leases/lookup/secret/", reader)).ExpectDenied();
        (await Api.GetAsync("sys/leases?type=irrevocable", reader)).ExpectDenied();
        (await Api.ListAsync("sys/leases/lookup/secret/", Root)).Expect(HttpStatusCode.NotFound);
        var irrevocable = (await Api.GetAsync("sys/leases?type=irrevocable", Root)).ExpectOk();
        Assert.Equal(0, irrevocable.Data!["lease_count"]!.GetValue<int>());
        var count = (await Api.GetAsync("sys/leases/count?type=irrevocable", reader)).ExpectOk();
        Assert.Equal(0, count.Data!["lease_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task LeaseGaugesAreReported()
    {
        var metrics = (await Api.GetAsync("sys/metrics", Root)).ExpectOk();

        var gauges = metrics.Body!["Gauges"]!.AsArray().Select(g => g!["Name"]!.GetValue<string>()).ToList();
        Assert.Contains("vault.expire.num_leases", gauges);
        Assert.Contains("vault.expire.num_irrevocable_leases", gauges);
    }
}
