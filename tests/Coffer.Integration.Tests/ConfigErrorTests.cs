using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests;

public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("storage \"sqlite\" {\n  path = \"/tmp/x.db\"\n  colour = \"red\"\n}\nlistener \"tcp\" { tls_disable = true }\n", ":3:3", "unknown setting \"colour\"")]
    [InlineData("storage \"sqlite\" {\n  path = \"/tmp/x.db\"\n", ":", "")]
    [InlineData("storage \"nosuch\" {}\nlistener \"tcp\" { tls_disable = true }\n", ":1:1", "unknown storage type \"nosuch\"")]
    [InlineData("storage \"inmem\" {}\nlistener \"tcp\" {\n  address = \"nope\"\n  tls_disable = true\n}\n", ":3:13", "must be host:port")]
    [InlineData("storage \"inmem\" {}\nlistener \"tcp\" {\n  address = \"127.0.0.1:1\"\n}\n", ":2:1", "tls_cert_file")]
    [InlineData("storage \"inmem\" {}\nlistener \"tcp\" { tls_disable = true }\ndefault_lease_ttl = \"soon\"\n", ":3:21", "must be a duration")]
    public async Task MalformedConfigFailsAtStartWithPosition(string config, string position, string message)
    {
        var directory = Directory.CreateTempSubdirectory("coffer-config-").FullName;
        try
        {
            var file = Path.Combine(directory, "bad.hcl");
            await File.WriteAllTextAsync(file, config);
            var (exitCode, _, stderr) = await CofferProcess.RunCliAsync(["server", $"-config={file}"]);
            Assert.Equal(1, exitCode);
            Assert.Contains(file + position, stderr);
            Assert.Contains(message, stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task SeveralConfigFilesMerge()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-config-").FullName;
        try
        {
            var port = CofferProcess.FreePort();
            await File.WriteAllTextAsync(Path.Combine(directory, "a-storage.hcl"), "storage \"inmem\" {}\ncluster_name = \"merged\"\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "b-listener.json"),
                $$$"""{"listener": [{"tcp": {"address": "127.0.0.1:{{{port}}}", "tls_disable": true}}], "ui": true}""");
            await using var server = await CofferProcess.StartAsync($"http://127.0.0.1:{port}", $"-config={directory}");
            using var client = TestHttp.Client($"http://127.0.0.1:{port}");
            var status = await TestHttp.ReadJsonAsync(await client.GetAsync("/v1/sys/seal-status"));
            Assert.Equal("inmem", status["storage_type"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
