using Coffer.Core.Replication.Wal;
using Coffer.Server.Config;

namespace Coffer.Server.Tests.Config;

public sealed class ReplicationConfigTests
{
    [Fact]
    public void DefaultsApplyWithoutAStanza()
    {
        var replication = ConfigLoader.Parse("storage \"inmem\" {}", "c.hcl").Replication;
        Assert.Equal(16384, replication.LogShipperBufferLength);
        Assert.Equal(ReplicationLogOptions.DefaultMaxBytes, replication.LogShipperBufferSize);
        Assert.Equal(TimeSpan.FromSeconds(2), replication.BestEffortWalWaitDuration);
        Assert.True(replication.ResolverDiscoverServers);
        Assert.False(replication.AllowForwardingViaHeader);
        Assert.Equal("", replication.AllowForwardingViaToken);
        Assert.Null(replication.Source);
    }

    [Fact]
    public void EmptyStanzaKeepsTheDefaults()
    {
        var replication = ConfigLoader.Parse("replication {}", "c.hcl").Replication;
        Assert.Equal(ReplicationConfig.DefaultLogShipperBufferLength, replication.LogShipperBufferLength);
        Assert.Equal(ReplicationConfig.DefaultLogShipperBufferSize, replication.LogShipperBufferSize);
        Assert.Equal("c.hcl:1:1", replication.Source);
    }

    [Fact]
    public void ReadsEverySettingFromHcl()
    {
        var replication = ConfigLoader.Parse("""
            replication {
              logshipper_buffer_length      = 1000
              logshipper_buffer_size        = "5GiB"
              best_effort_wal_wait_duration = "500ms"
              resolver_discover_servers     = false
              allow_forwarding_via_header   = true
              allow_forwarding_via_token    = "new_token"
            }
            """, "c.hcl").Replication;
        Assert.Equal(1000, replication.LogShipperBufferLength);
        Assert.Equal(5L << 30, replication.LogShipperBufferSize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), replication.BestEffortWalWaitDuration);
        Assert.False(replication.ResolverDiscoverServers);
        Assert.True(replication.AllowForwardingViaHeader);
        Assert.Equal("new_token", replication.AllowForwardingViaToken);
    }

    [Fact]
    public void ReadsEverySettingFromJson()
    {
        var replication = ConfigLoader.Parse("""
            {
              "storage": {"inmem": {}},
              "replication": {
                "logshipper_buffer_length": "64",
                "logshipper_buffer_size": 4096,
                "best_effort_wal_wait_duration": 3,
                "resolver_discover_servers": "false",
                "allow_forwarding_via_header": true,
                "allow_forwarding_via_token": ""
              }
            }
            """, "c.json").Replication;
        Assert.Equal(64, replication.LogShipperBufferLength);
        Assert.Equal(4096, replication.LogShipperBufferSize);
        Assert.Equal(TimeSpan.FromSeconds(3), replication.BestEffortWalWaitDuration);
        Assert.False(replication.ResolverDiscoverServers);
        Assert.True(replication.AllowForwardingViaHeader);
    }

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("10b", 10L)]
    [InlineData("1kb", 1000L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("2 mb", 2_000_000L)]
    [InlineData("2mib", 2L << 20)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1gib", 1L << 30)]
    [InlineData("3tb", 3_000_000_000_000L)]
    [InlineData("1TiB", 1L << 40)]
    [InlineData("1.5kib", 1536L)]
    public void SizesAcceptEveryUnit(string text, long expected)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
        var replication = ConfigLoader.Parse($"replication {{\n logshipper_buffer_size = \"{text}\"\n}}", "c.hcl").Replication;
        Assert.Equal(expected, replication.LogShipperBufferSize);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mb")]
    [InlineData("-5")]
    [InlineData("5 pb")]
    [InlineData("1.2.3kb")]
    [InlineData("10000000tib")]
    [InlineData("99999999999999999999")]
    public void MalformedSizesAreRefused(string text) => Assert.False(ByteSizeParser.TryParse(text, out _));

    [Fact]
    public void LaterFileStanzaReplacesAnEarlierOne()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "1.hcl"), "storage \"inmem\" {}\nreplication {\n logshipper_buffer_length = 7\n}");
            File.WriteAllText(Path.Combine(directory, "2.hcl"), "cluster_name = \"x\"");
            Assert.Equal(7, ConfigLoader.LoadPaths([directory]).Replication.LogShipperBufferLength);

            File.WriteAllText(Path.Combine(directory, "3.json"), """{"replication": {"logshipper_buffer_size": "1mb"}}""");
            var merged = ConfigLoader.LoadPaths([directory]).Replication;
            Assert.Equal(ReplicationConfig.DefaultLogShipperBufferLength, merged.LogShipperBufferLength);
            Assert.Equal(1_000_000, merged.LogShipperBufferSize);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("replication {\n logshipper_buffer_length = 0\n}", "c.hcl:2:29: \"logshipper_buffer_length\" must be a whole number greater than 0")]
    [InlineData("replication {\n logshipper_buffer_length = -3\n}", "c.hcl:2:29: \"logshipper_buffer_length\" must be a whole number greater than 0")]
    [InlineData("replication {\n logshipper_buffer_length = \"lots\"\n}", "c.hcl:2:29: \"logshipper_buffer_length\" must be a whole number greater than 0")]
    [InlineData("replication {\n logshipper_buffer_length = 1.5\n}", "c.hcl:2:29: \"logshipper_buffer_length\" must be a whole number greater than 0")]
    [InlineData("replication {\n logshipper_buffer_size = \"12 parsecs\"\n}", "c.hcl:2:27: \"logshipper_buffer_size\" must be a size greater than 0")]
    [InlineData("replication {\n logshipper_buffer_size = 0\n}", "c.hcl:2:27: \"logshipper_buffer_size\" must be a size greater than 0")]
    [InlineData("replication {\n logshipper_buffer_size = \"0kb\"\n}", "c.hcl:2:27: \"logshipper_buffer_size\" must be a size greater than 0")]
    [InlineData("replication {\n best_effort_wal_wait_duration = \"soon\"\n}", "c.hcl:2:34: \"best_effort_wal_wait_duration\" must be a duration")]
    [InlineData("replication {\n best_effort_wal_wait_duration = -1\n}", "c.hcl:2:34: \"best_effort_wal_wait_duration\" must be a duration")]
    [InlineData("replication {\n resolver_discover_servers = \"perhaps\"\n}", "c.hcl:2:30: \"resolver_discover_servers\" must be a boolean")]
    [InlineData("replication {\n allow_forwarding_via_header = 7\n}", "c.hcl:2:32: \"allow_forwarding_via_header\" must be a boolean")]
    [InlineData("replication {\n allow_forwarding_via_token = \"old_token\"\n}", "c.hcl:2:31: \"allow_forwarding_via_token\" must be \"\" or \"new_token\", got \"old_token\"")]
    [InlineData("replication {\n logshipper_buffer = 1\n}", "c.hcl:2:2: unknown setting \"logshipper_buffer\" in replication")]
    [InlineData("replication {}\nreplication {}", "c.hcl:2:1: only one replication stanza is allowed")]
    [InlineData("replication \"dr\" {}", "c.hcl:1:")]
    public void RejectsBadValuesNamingTheKey(string text, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, "c.hcl"));
        Assert.StartsWith(expected, error.Message);
    }
}
