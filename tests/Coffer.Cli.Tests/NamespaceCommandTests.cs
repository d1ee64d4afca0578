using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public class NamespaceCommandTests
{
    private const string Namespace = """{"request_id":"r","data":{"id":"gsudj","path":"ns1/","custom_metadata":{"team":"a"}}}""";

    [Fact]
    public async Task CreatePutsCustomMetadataInTheParentNamespace()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/namespaces/ns2", 200, Namespace);

        var result = await CliRun.AgainstAsync(server, "namespace", "create", "-ns=ns1", "-custom-metadata=team=a", "-custom-metadata=env=prod", "ns2/");

        Assert.Equal(0, result.ExitCode);
        var request = server.SingleRequest();
        Assert.Equal("ns1", request.Header("X-Vault-Namespace"));
        Assert.Equal("""{"custom_metadata":{"team":"a","env":"prod"}}""", request.Body);
        Assert.Equal(
            "Key                Value\n" +
            "---                -----\n" +
            "custom_metadata    map[team:a]\n" +
            "id                 gsudj\n" +
            "path               ns1/\n",
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task CreateWithoutMetadataSendsAnEmptyMap()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/namespaces/ns1", 200, Namespace);

        var result = await CliRun.AgainstAsync(server, "namespace", "create", "-field=id", "ns1");

        Assert.Equal("""{"custom_metadata":{}}""", server.SingleRequest().Body);
        Assert.Equal("gsudj", result.Stdout);
    }

    [Fact]
    public async Task CreateFailureIsExitTwo()
    {
        await using var server = FakeVaultServer.Start().Respond("PUT", "/v1/sys/namespaces/sys", 400, """{"errors":["reserved name"]}""");

        var result = await CliRun.AgainstAsync(server, "namespace", "create", "sys");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error creating namespace: Error making API request.", result.Stderr);
    }

    [Fact]
    public async Task ListPrintsTheKeys()
    {
        await using var server = FakeVaultServer.Start().Respond("LIST", "/v1/sys/namespaces", 200,
            """{"data":{"keys":["foo/","bar/"],"key_info":{"bar/":{"id":"1"},"foo/":{"id":"2"}}}}""");

        var result = await CliRun.AgainstAsync(server, "namespace", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Keys\n----\nbar/\nfoo/\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListAsJson()
    {
        await using var server = FakeVaultServer.Start().Respond("LIST", "/v1/sys/namespaces", 200, """{"data":{"keys":["foo/"]}}""");

        var result = await CliRun.AgainstAsync(server, "namespace", "list", "-format=json");

        Assert.Equal("[\n  \"foo/\"\n]\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ListWithNoChildrenIsExitTwo()
    {
        await using var server = FakeVaultServer.Start();

        var table = await CliRun.AgainstAsync(server, "namespace", "list");
        var json = await CliRun.AgainstAsync(server, "namespace", "list", "-format=json");

        Assert.Equal((2, "No namespaces found"), (table.ExitCode, table.Stderr.TrimEnd()));
        Assert.Equal((2, "{}"), (json.ExitCode, json.Stdout.TrimEnd()));
    }

    [Fact]
    public async Task LookupShowsTheNamespace()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/namespaces/ns1", 200, Namespace);

        var result = await CliRun.AgainstAsync(server, "namespace", "lookup", "-format=json", "ns1/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("gsudj", JsonNode.Parse(result.Stdout)!["data"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task LookupOfAMissingNamespaceIsExitTwo()
    {
        await using var server = FakeVaultServer.Start();

        var result = await CliRun.AgainstAsync(server, "namespace", "lookup", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Namespace not found", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task DeleteConfirmsWithTrailingSlash()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/namespaces/ns1", 204);

        var result = await CliRun.AgainstAsync(server, "namespace", "delete", "ns1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Namespace deleted at: ns1/", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task DeleteWithWarningsShowsThem()
    {
        await using var server = FakeVaultServer.Start().Respond("DELETE", "/v1/sys/namespaces/ns1", 200,
            """{"data":{"status":"in-progress"},"warnings":["deletion continues in the background"]}""");

        var result = await CliRun.AgainstAsync(server, "namespace", "delete", "ns1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("deletion continues in the background", result.Stderr);
        Assert.Contains("status    in-progress", result.Stdout);
    }

    [Fact]
    public async Task NamespaceFromTheEnvironmentIsSent()
    {
        await using var server = FakeVaultServer.Start().Respond("GET", "/v1/sys/namespaces/child", 200, Namespace);

        await CliRun.RunAsync(["namespace", "lookup", "child"], new Dictionary<string, string>
        {
            ["COFFER_ADDR"] = server.Address,
            ["VAULT_NAMESPACE"] = "parent/",
        });

        Assert.Equal("parent/", server.SingleRequest().Header("X-Vault-Namespace"));
    }
}
