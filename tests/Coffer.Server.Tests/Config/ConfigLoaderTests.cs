using Coffer.Server.Config;

namespace Coffer.Server.Tests.Config;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void ReadsEverySupportedSetting()
    {
        var config = ConfigLoader.Parse("""
            storage "sqlite" {
              path = "/var/lib/coffer/coffer.db"
            }
            listener "tcp" {
              address         = "0.0.0.0:8200"
              cluster_address = "0.0.0.0:8201"
              tls_cert_file   = "/etc/coffer/tls.crt"
              tls_key_file    = "/etc/coffer/tls.key"
              tls_min_version = "tls13"
              telemetry {
                unauthenticated_metrics_access = true
              }
            }
            listener "tcp" {
              address     = "127.0.0.1:9200"
              tls_disable = "true"
            }
            api_addr          = "https://coffer.example:8200"
            cluster_addr      = "https://coffer.example:8201"
            cluster_name      = "east"
            ui                = true
            log_level         = "Debug"
            default_lease_ttl = "1h"
            max_lease_ttl     = 86400
            disable_mlock     = true
            telemetry {
              prometheus_retention_time = "30s"
              disable_hostname          = true
            }
            """, "full.hcl");
        Assert.Equal("sqlite", config.Storage!.Type);
        Assert.Equal("/var/lib/coffer/coffer.db", config.Storage.Settings["path"]);
        Assert.Equal(2, config.Listeners.Count);
        Assert.Equal("0.0.0.0:8201", config.Listeners[0].ClusterAddress);
        Assert.Equal("tls13", config.Listeners[0].TlsMinVersion);
        Assert.True(config.Listeners[0].UnauthenticatedMetricsAccess);
        Assert.True(config.Listeners[1].TlsDisable);
        Assert.Equal("east", config.ClusterName);
        Assert.True(config.Ui);
        Assert.Equal("debug", config.LogLevel);
        Assert.Equal(3600, config.DefaultLeaseTtlSeconds);
        Assert.Equal(86400, config.MaxLeaseTtlSeconds);
        Assert.True(config.DisableMlock);
        Assert.Equal(30, config.Telemetry.PrometheusRetentionSeconds);
    }

    [Fact]
    public void ReadsJsonConfiguration()
    {
        var config = ConfigLoader.Parse("""
            {
              "storage": {"inmem": {}},
              "listener": [{"tcp": {"address": "127.0.0.1:8200", "tls_disable": true}}],
              "cluster_name": "json"
            }
            """, "c.json");
        Assert.Equal("inmem", config.Storage!.Type);
        Assert.Single(config.Listeners);
        Assert.Equal("json", config.ClusterName);
    }

    [Theory]
    [InlineData("bogus = 1", "c.hcl:1:1: unknown setting \"bogus\" in the configuration")]
    [InlineData("seal \"awskms\" {}", "c.hcl:1:1: unknown block \"seal\" in the configuration")]
    [InlineData("storage \"sqlite\" {}", "c.hcl:1:1: storage \"sqlite\" needs a \"path\"")]
    [InlineData("storage \"inmem\" {}\nstorage \"inmem\" {}", "c.hcl:2:1: only one storage stanza is allowed")]
    [InlineData("listener \"unix\" {}", "c.hcl:1:1: unknown listener type \"unix\" (supported: tcp)")]
    [InlineData("ui = \"maybe\"", "c.hcl:1:6: \"ui\" must be a boolean")]
    [InlineData("log_level = \"loud\"", "c.hcl:1:13: unknown log_level \"loud\" (trace, debug, info, warn, error)")]
    [InlineData("listener \"tcp\" {\n tls_disable = true\n tls_min_version = \"ssl3\"\n}", "c.hcl:3:20: unsupported tls_min_version \"ssl3\" (tls12, tls13)")]
    [InlineData("telemetry {\n statsd_address = \"x\"\n}", "c.hcl:2:2: unknown setting \"statsd_address\" in telemetry")]
    [InlineData("storage = \"sqlite\"", "c.hcl:1:1: expected block")]
    [InlineData("api_addr = ", "c.hcl:1:")]
    public void RejectsBadSettingsWithTheirPosition(string text, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, "c.hcl"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void MergesFilesOfAFolderInOrder()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "1.hcl"), "storage \"inmem\" {}\ncluster_name = \"first\"\nlistener \"tcp\" {\n tls_disable = true\n}");
            File.WriteAllText(Path.Combine(directory, "2.json"), """{"cluster_name": "second", "listener": {"tcp": {"address": "127.0.0.1:9300", "tls_disable": true}}}""");
            File.WriteAllText(Path.Combine(directory, "ignored.txt"), "not config");
            var config = ConfigLoader.LoadPaths([directory]);
            Assert.Equal("second", config.ClusterName);
            Assert.Equal(2, config.Listeners.Count);
            Assert.Equal("inmem", config.Storage!.Type);

            File.WriteAllText(Path.Combine(directory, "3.hcl"), "storage \"inmem\" {}");
            var twice = Assert.Throws<ConfigException>(() => ConfigLoader.LoadPaths([directory]));
            Assert.Contains("a storage stanza was already given", twice.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void MissingFileIsAClearError()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.LoadPaths(["/nonexistent/coffer.hcl"]));
        Assert.Equal("/nonexistent/coffer.hcl: configuration file not found", error.Message);
    }
}
