using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class TokenRevokeCapabilitiesCommandTests
{
    [Theory]
    [InlineData(new[] { "s.child" }, "PUT", "/v1/auth/token/revoke", """{"token":"s.child"}""")]
    [InlineData(new[] { "-mode=orphan", "s.child" }, "PUT", "/v1/auth/token/revoke-orphan", """{"token":"s.child"}""")]
    [InlineData(new[] { "-mode=path", "auth/userpass/login/" }, "PUT", "/v1/sys/leases/revoke-prefix/auth/userpass/login", "")]
    [InlineData(new[] { "-accessor", "acc-9" }, "POST", "/v1/auth/token/revoke-accessor", """{"accessor":"acc-9"}""")]
    [InlineData(new[] { "-self" }, "PUT", "/v1/auth/token/revoke-self", "")]
    public async Task RevokeModesUseVaultsEndpoints(string[] arguments, string method, string path, string body)
    {
        await using var server = FakeVaultServer.Start().Respond(method, path, 204);

        var result = await CliRun.AgainstAsync(server, ["token", "revoke", .. arguments]);

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal((method, path, body), (request.Method, request.Path, request.Body));
        Assert.Equal("Success! Revoked token (if it existed)", result.Stdout.TrimEnd());
    }

    [Theory]
    [InlineData(new[] { "-mode=bogus", "s.x" }, "Invalid mode: bogus")]
    [InlineData(new string[0], "Not enough arguments (expected 1 or -self, got 0)")]
    [InlineData(new[] { "a", "b" }, "Too many arguments (expected 1 or -self, got 2)")]
    [InlineData(new[] { "-self", "s.x" }, "Too many arguments with -self (expected 0, got 1)")]
    [InlineData(new[] { "-self", "-accessor" }, "Cannot use -self with -accessor!")]
    [InlineData(new[] { "-self", "-mode=orphan" }, "Cannot use -self with -mode!")]
    [InlineData(new[] { "-accessor", "-mode=orphan", "acc" }, "Cannot use -accessor with -mode=orphan!")]
    [InlineData(new[] { "-accessor", "-mode=path", "acc" }, "Cannot use -accessor with -mode=path!")]
    public async Task RevokeRejectsBadCombinations(string[] arguments, string message)
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, ["token", "revoke", .. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Stderr.TrimEnd());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RevokeFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/auth/token/revoke", 403, """{"errors":["permission denied"]}""");

        var result = await CliRun.AgainstAsync(server, "token", "revoke", "s.x");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error revoking token:", result.Stderr);
    }

    [Fact]
    public async Task CapabilitiesOfSelfArePrintedSortedOnOneLine()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/capabilities-self", 200,
            """{"data":{"secret/foo":["update","read","create"],"capabilities":["update","read","create"]}}""");

        var result = await CliRun.AgainstAsync(server, "token", "capabilities", "secret/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"paths":["secret/foo"]}""", server.SingleRequest().Body);
        Assert.Equal("create, read, update", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task CapabilitiesOfAnotherToken()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/capabilities", 200, """{"capabilities":["deny"],"data":{"capabilities":["deny"]}}""");

        var result = await CliRun.AgainstAsync(server, "token", "capabilities", "s.other", "sys/seal");

        Assert.Equal("""{"token":"s.other","paths":["sys/seal"]}""", server.SingleRequest().Body);
        Assert.Equal("deny", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task CapabilitiesByAccessor()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/capabilities-accessor", 200, """{"data":{"capabilities":["read"]}}""");

        var result = await CliRun.AgainstAsync(server, "token", "capabilities", "-accessor", "acc-1", "secret/x");

        Assert.Equal("""{"accessor":"acc-1","paths":["secret/x"]}""", server.SingleRequest().Body);
        Assert.Equal("read", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task CapabilitiesAsJson()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/capabilities-self", 200, """{"data":{"capabilities":["read","list"]}}""");

        var result = await CliRun.AgainstAsync(server, "token", "capabilities", "-format=json", "secret/foo");

        Assert.Equal("[\n  \"read\",\n  \"list\"\n]\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task NoCapabilitiesInTheAnswerIsExitOne()
    {
        await using var server = FakeVaultServer.Start().Respond("POST", "/v1/sys/capabilities-self", 200, """{"data":{}}""");

        var result = await CliRun.AgainstAsync(server, "token", "capabilities", "secret/foo");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("No capabilities found", result.Stderr.TrimEnd());
    }

    [Theory]
    [InlineData(new string[0], "Not enough arguments (expected 1-2, got 0)")]
    [InlineData(new[] { "a", "b", "c" }, "Too many arguments (expected 1-2, got 3)")]
    [InlineData(new[] { "-accessor", "secret/x" }, "Not enough arguments with -accessor (expected 2, got 1)")]
    public async Task CapabilitiesArgumentErrors(string[] arguments, string message)
    {
        var result = await CliRun.RunAsync(["token", "capabilities", .. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.Stderr.TrimEnd());
    }
}
