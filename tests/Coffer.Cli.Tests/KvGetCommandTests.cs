using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class KvGetCommandTests
{
    [Fact]
    public async Task V2GetPreflightsThenReadsTheDataPathAndPrintsVaultsSections()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read);

        var result = await CliRun.AgainstAsync(server, "kv", "get", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            == Secret Path ==
            secret/data/creds

            ======= Metadata =======
            Key                Value
            ---                -----
            created_time       2024-05-01T10:00:00Z
            custom_metadata    <nil>
            deletion_time      n/a
            destroyed          false
            version            3

            ====== Data ======
            Key         Value
            ---         -----
            passcode    my-long-passcode
            user        bob

            """.ReplaceLineEndings("\n"),
            result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(["/v1/sys/internal/ui/mounts/secret/creds", "/v1/secret/data/creds"], server.Requests.Select(r => r.Path));
        Assert.Equal("s.test-token", server.Requests[0].Header("X-Vault-Token"));
    }

    [Fact]
    public async Task MountFlagSyntaxAndVersionQuery()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret", "secret/", 2)
            .Respond("GET", "/v1/secret/data/app/creds", 200, KvEnvelopes.V2Read);

        var result = await CliRun.AgainstAsync(server, "kv", "get", "-mount=secret", "-version=2", "app/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?version=2", server.Requests[1].Query);
        Assert.Contains("secret/data/app/creds", result.Stdout);
    }

    [Fact]
    public async Task V1GetReadsThePlainPathWithoutSections()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("GET", "/v1/sys/internal/ui/mounts/kv1/foo", 200, """{"data":{"type":"kv","path":"kv1/","options":null}}""")
            .Respond("GET", "/v1/kv1/foo", 200, """{"data":{"a":"1"}}""");

        var result = await CliRun.AgainstAsync(server, "kv", "get", "kv1/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("== Data ==\nKey    Value\n---    -----\na      1\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Secret Path", result.Stdout);
    }

    [Fact]
    public async Task ServerWithoutPreflightMeansV1()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/kv1/foo", 200, """{"data":{"a":"1"}}""");

        var result = await CliRun.AgainstAsync(server, "kv", "get", "-field=a", "kv1/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1", result.Stdout);
    }

    [Fact]
    public async Task FieldOnV2ComesFromTheSecretsOwnData()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read);

        var field = await CliRun.AgainstAsync(server, "kv", "get", "-field=passcode", "secret/creds");
        var whole = await CliRun.AgainstAsync(server, "kv", "get", "-field=data", "secret/creds");
        var missing = await CliRun.AgainstAsync(server, "kv", "get", "-field=version", "secret/creds");

        Assert.Equal("my-long-passcode", field.Stdout);
        Assert.Equal("""{"passcode":"my-long-passcode","user":"bob"}""", whole.Stdout);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Field \"version\" not present in secret", missing.Stderr.TrimEnd());
    }

    [Fact]
    public async Task JsonFormatPrintsTheWholeEnvelope()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read);

        var result = await CliRun.AgainstAsync(server, "kv", "get", "-format=json", "secret/creds");

        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("bob", json["data"]!["data"]!["user"]!.GetValue<string>());
        Assert.Equal(3, json["data"]!["metadata"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeletedVersionShowsItsMetadataAndNoData()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 404, KvEnvelopes.V2Deleted);

        var result = await CliRun.AgainstAsync(server, "kv", "get", "secret/creds");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("deletion_time      2024-05-02T10:00:00Z", result.Stdout);
        Assert.DoesNotContain("Data ==", result.Stdout);
    }

    [Fact]
    public async Task DeletedVersionFieldIsNoDataExitTwo()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 404, KvEnvelopes.V2Deleted);

        var result = await CliRun.AgainstAsync(server, "kv", "get", "-field=user", "secret/creds");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No data found at secret/data/creds", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task NothingThereIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().WithKvMount("secret/nope", "secret/", 2);

        var result = await CliRun.AgainstAsync(server, "kv", "get", "secret/nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No value found at secret/data/nope", result.Stderr.TrimEnd());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task FailedPreflightIsReportedAsIsAndStops()
    {
        await using var server = FakeVaultServer.Start()
            .Respond("GET", "/v1/sys/internal/ui/mounts/secret/foo", 403, """{"errors":["preflight capability check returned 403"]}""");

        var result = await CliRun.AgainstAsync(server, "kv", "get", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error making API request.", result.Stderr);
        Assert.Contains("* preflight capability check returned 403", result.Stderr);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task PreflightIsNeverWrapped()
    {
        await using var server = FakeVaultServer.Start()
            .WithKvMount("secret/creds", "secret/", 2)
            .Respond("GET", "/v1/secret/data/creds", 200, KvEnvelopes.V2Read);

        await CliRun.AgainstAsync(server, "kv", "get", "-wrap-ttl=5m", "secret/creds");

        Assert.Null(server.Requests[0].Header("X-Vault-Wrap-TTL"));
        Assert.Equal("5m", server.Requests[1].Header("X-Vault-Wrap-TTL"));
    }

    [Fact]
    public async Task WrongArgumentCountIsUsageErrorWithoutRequests()
    {
        await using var server = FakeVaultServer.Start();

        var none = await CliRun.AgainstAsync(server, "kv", "get");
        var two = await CliRun.AgainstAsync(server, "kv", "get", "a", "b");

        Assert.Equal(1, none.ExitCode);
        Assert.Contains("Not enough arguments (expected 1, got 0)", none.Stderr);
        Assert.Equal(1, two.ExitCode);
        Assert.Contains("Too many arguments (expected 1, got 2)", two.Stderr);
        Assert.Empty(server.Requests);
    }
}
