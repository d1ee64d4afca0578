using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Infrastructure;

/// <summary>
/// A server on SQLite storage in a temporary folder, with helpers to init and unseal it. Disposing it stops the
/// process it started and removes the folder.
/// </summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private ServerFixture(string directory, int port)
    {
        Directory = directory;
        Port = port;
        ConfigPath = Path.Combine(directory, "coffer.hcl");
        DatabasePath = Path.Combine(directory, "coffer.db");
    }

    public string Directory { get; }
    public int Port { get; }
    public string ConfigPath { get; }
    public string DatabasePath { get; }
    public string Address => $"http://127.0.0.1:{Port}";
    public CofferProcess? Process { get; private set; }
    public string? RootToken { get; private set; }
    public List<string> UnsealKeys { get; } = [];

    /// <param name="advertise">Set <c>api_addr</c> (so activation tokens name this server) and keep API port + 1 free for the cluster port.</param>
    /// <param name="listenerConfig">Extra settings inside the <c>listener "tcp"</c> block (e.g. a <c>telemetry</c> block).</param>
    public static async Task<ServerFixture> StartAsync(string extraConfig = "", bool advertise = false, string listenerConfig = "")
    {
        var port = advertise ? CofferProcess.FreePortPair() : CofferProcess.FreePort();
        var fixture = new ServerFixture(System.IO.Directory.CreateTempSubdirectory("coffer-it-").FullName, port);
        if (advertise)
        {
            extraConfig = $"api_addr = \"http://127.0.0.1:{port}\"\n" + extraConfig;
        }
        await File.WriteAllTextAsync(fixture.ConfigPath, $$"""
            storage "sqlite" {
              path = "{{fixture.DatabasePath}}"
            }
            listener "tcp" {
              address     = "127.0.0.1:{{fixture.Port}}"
              tls_disable = true
              {{listenerConfig}}
            }
            {{extraConfig}}
            """);
        await fixture.RestartAsync();
        return fixture;
    }

    public async Task RestartAsync()
    {
        if (Process is not null)
        {
            await Process.StopAsync();
        }
        Process = await CofferProcess.StartAsync(Address, $"-config={ConfigPath}");
    }

    public async Task KillAsync()
    {
        if (Process is not null)
        {
            await Process.KillAsync();
        }
    }

    public async Task InitAsync(int shares = 1, int threshold = 1)
    {
        using var client = TestHttp.Client(Address);
        using var response = await client.PutAsync("/v1/sys/init", TestHttp.Json($$"""{"secret_shares":{{shares}},"secret_threshold":{{threshold}}}"""));
        response.EnsureSuccessStatusCode();
        var body = await TestHttp.ReadJsonAsync(response);
        RootToken = body["root_token"]!.GetValue<string>();
        UnsealKeys.Clear();
        UnsealKeys.AddRange(body["keys_base64"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    public async Task UnsealAsync()
    {
        using var client = TestHttp.Client(Address);
        foreach (var key in UnsealKeys)
        {
            using var response = await client.PutAsync("/v1/sys/unseal", TestHttp.Json(new JsonObject { ["key"] = key }.ToJsonString()));
            response.EnsureSuccessStatusCode();
            if (!(await TestHttp.ReadJsonAsync(response))["sealed"]!.GetValue<bool>())
            {
                return;
            }
        }
        throw new InvalidOperationException("server still sealed after every key");
    }

    /// <summary>Initializes, unseals and mounts KV v1 at <c>secret/</c>.</summary>
    public async Task ReadyAsync()
    {
        await InitAsync();
        await UnsealAsync();
        using var client = RootClient();
        using var mount = await client.PostAsync("/v1/sys/mounts/secret", TestHttp.Json("""{"type":"kv"}"""));
        mount.EnsureSuccessStatusCode();
    }

    public HttpClient RootClient() => TestHttp.Client(Address, RootToken);

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
