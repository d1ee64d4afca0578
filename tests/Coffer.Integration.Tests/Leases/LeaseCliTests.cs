namespace Coffer.Integration.Tests.Leases;

/// <summary><c>coffer lease</c> against a real server process.</summary>
public sealed class LeaseCliTests(CliSession session) : IClassFixture<CliSession>
{
    [Fact]
    public async Task LookupAndRenewOfAnUnknownLeaseExitTwoWithTheServersReason()
    {
        var home = session.NewHome();

        var lookup = await session.RunAsync(["lease", "lookup", "db/creds/ro/nope"], session.RootToken, home);
        var renew = await session.RunAsync(["lease", "renew", "-increment=1h", "db/creds/ro/nope"], session.RootToken, home);

        Assert.Equal(2, lookup.ExitCode);
        Assert.StartsWith("error looking up lease id db/creds/ro/nope: ", lookup.Stderr);
        Assert.Contains("* invalid lease", lookup.Stderr);
        Assert.Equal(2, renew.ExitCode);
        Assert.StartsWith("Error renewing db/creds/ro/nope: ", renew.Stderr);
        Assert.Contains("* lease not found", renew.Stderr);
    }

    [Fact]
    public async Task RevokeQueuesSyncsAndRevokesTokensByPrefix()
    {
        var created = await session.RootJsonAsync("token", "create", "-orphan", "-policy=default", "-format=json");
        var orphan = created["auth"]!["client_token"]!.GetValue<string>();
        var home = session.NewHome();

        Assert.Equal("All revocation operations queued successfully!", (await session.RootAsync("lease", "revoke", "db/creds/ro/nope")).TrimEnd());
        Assert.Equal("Success! Revoked lease: db/creds/ro/nope", (await session.RootAsync("lease", "revoke", "-sync", "db/creds/ro/nope")).TrimEnd());
        Assert.Equal("Success! Revoked any leases with prefix: auth/token/create-orphan",
            (await session.RootAsync("lease", "revoke", "-sync", "-prefix", "auth/token/create-orphan")).TrimEnd());

        var lookup = await session.RunAsync(["token", "lookup"], orphan, home);
        Assert.Equal(2, lookup.ExitCode);
        Assert.Equal("Success! Force revoked any leases with prefix: db/", (await session.RootAsync("lease", "revoke", "-force", "-prefix", "db/")).TrimEnd());
    }
}
