using Coffer.Bench.Cli;
using Coffer.Bench.Commands;

namespace Coffer.Bench.SelfTest;

/// <summary>Checks of flag syntax, Go durations and run-option validation.</summary>
public static class FlagChecks
{
    public static void Register(SelfCheck check)
    {
        check.Run("flags: -name=value, --name=value, -name value, bare bool", () =>
        {
            var set = new FlagSet("t");
            var s = set.String("address", "x", "");
            var n = set.Int("workers", 1, "");
            var d = set.Duration("duration", TimeSpan.FromSeconds(1), "");
            var b = set.Bool("verbose", false, "");
            var rest = set.Parse(["-address=http://a:1", "--workers=8", "-duration", "2m", "-verbose", "extra"]);
            SelfCheck.Equal("http://a:1", s.Value, "string");
            SelfCheck.Equal(8, n.Value, "int");
            SelfCheck.Equal(TimeSpan.FromMinutes(2), d.Value, "duration");
            SelfCheck.True(b.Value && b.WasSet, "bool");
            SelfCheck.Equal(1, rest.Count, "positional count");
            SelfCheck.Equal("extra", rest[0], "positional");
        });

        check.Run("flags: value containing '=' is kept whole", () =>
        {
            var set = new FlagSet("t");
            var token = set.String("token", "", "");
            set.Parse(["-token=abc=="]);
            SelfCheck.Equal("abc==", token.Value, "token");
        });

        check.Run("flags: errors for unknown flag, bad int, missing value", () =>
        {
            SelfCheck.Throws<FlagException>(() => new FlagSet("t").Parse(["-nope=1"]), "unknown");
            var set = new FlagSet("t");
            set.Int("workers", 1, "");
            SelfCheck.Throws<FlagException>(() => set.Parse(["-workers=many"]), "bad int");
            SelfCheck.Throws<FlagException>(() => set.Parse(["-workers"]), "missing value");
        });

        check.Run("durations: Go syntax", () =>
        {
            SelfCheck.Equal(TimeSpan.FromSeconds(10), GoDuration.Parse("10s"), "10s");
            SelfCheck.Equal(TimeSpan.FromMilliseconds(250), GoDuration.Parse("250ms"), "250ms");
            SelfCheck.Equal(TimeSpan.FromSeconds(90), GoDuration.Parse("1m30s"), "1m30s");
            SelfCheck.Equal(TimeSpan.FromMilliseconds(1500), GoDuration.Parse("1.5s"), "1.5s");
            SelfCheck.Equal(TimeSpan.FromHours(1), GoDuration.Parse("1h"), "1h");
            SelfCheck.Equal(TimeSpan.FromTicks(5), GoDuration.Parse("500ns"), "500ns");
            SelfCheck.Equal(TimeSpan.FromSeconds(3), GoDuration.Parse("3"), "bare seconds");
            SelfCheck.Throws<FormatException>(() => GoDuration.Parse("10x"), "bad unit");
            SelfCheck.Throws<FormatException>(() => GoDuration.Parse("s"), "no number");
            SelfCheck.Equal("10s", GoDuration.Format(TimeSpan.FromSeconds(10)), "format 10s");
            SelfCheck.Equal("250ms", GoDuration.Format(TimeSpan.FromMilliseconds(250)), "format 250ms");
        });

        check.Run("run options: defaults and validation", () =>
        {
            var options = Build([]);
            SelfCheck.Equal(32, options.Workers, "default workers");
            SelfCheck.Equal("secret", options.Workload.Mount, "default mount");
            SelfCheck.Equal(options.Workload.Address, options.Workload.BaselineAddress, "baseline defaults to address");

            options = Build(["-address=127.0.0.1:8200", "-baseline-address=http://127.0.0.1:9000/", "-tests=baseline, kv_read", "-mount=/kv/"]);
            SelfCheck.Equal("http://127.0.0.1:8200/", options.Workload.Address.ToString(), "bare host:port gets http");
            SelfCheck.Equal(9000, options.Workload.BaselineAddress.Port, "baseline port");
            SelfCheck.Equal("baseline|kv_read", string.Join('|', options.Tests), "tests trimmed");
            SelfCheck.Equal("kv", options.Workload.Mount, "mount trimmed");

            SelfCheck.Throws<FlagException>(() => Build(["-tests=kv_read,bogus"]), "unknown test");
            SelfCheck.Throws<FlagException>(() => Build(["-tests=kv_read,kv_read"]), "duplicate test");
            SelfCheck.Throws<FlagException>(() => Build(["-workers=0"]), "zero workers");
            SelfCheck.Throws<FlagException>(() => Build(["-kv-version=3"]), "kv version");
            SelfCheck.Throws<FlagException>(() => Build(["-format=xml"]), "format");
            SelfCheck.Throws<FlagException>(() => Build(["-address=ftp://x:1"]), "scheme");
            SelfCheck.Throws<FlagException>(() => Build(["-address=http://x:1/v1"]), "path in address");
        });

        check.Run("baseline-server: endpoint parsing", () =>
        {
            SelfCheck.Equal("127.0.0.1:8300", BaselineServerCommand.ParseEndpoint("127.0.0.1:8300").ToString(), "ipv4");
            SelfCheck.Equal("127.0.0.1:0", BaselineServerCommand.ParseEndpoint("localhost:0").ToString(), "localhost");
            SelfCheck.Equal("[::1]:80", BaselineServerCommand.ParseEndpoint("[::1]:80").ToString(), "ipv6");
            SelfCheck.Equal(8300, BaselineServerCommand.ParseEndpoint("http://127.0.0.1:8300/").Port, "http prefix");
            SelfCheck.Throws<FlagException>(() => BaselineServerCommand.ParseEndpoint("127.0.0.1"), "no port");
            SelfCheck.Throws<FlagException>(() => BaselineServerCommand.ParseEndpoint("example.org:80"), "hostname");
        });
    }

    private static RunOptions Build(string[] args)
    {
        var flags = RunOptions.CreateFlagSet(out var build);
        flags.Parse(args);
        return build();
    }
}
