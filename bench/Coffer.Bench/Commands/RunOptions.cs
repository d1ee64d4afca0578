using Coffer.Bench.Cli;
using Coffer.Bench.Workloads;

namespace Coffer.Bench.Commands;

/// <summary>The validated flags of the <c>run</c> command.</summary>
public sealed record RunOptions(
    WorkloadSettings Workload,
    string Token,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Workers,
    IReadOnlyList<string> Tests,
    string Format,
    string? OutFile,
    string? CaCertFile)
{
    public const int MaxWorkers = 4096;

    public static FlagSet CreateFlagSet(out Func<RunOptions> build)
    {
        var flags = new FlagSet("run");
        var address = flags.String("address", Environment.GetEnvironmentVariable("COFFER_ADDR")
            ?? Environment.GetEnvironmentVariable("VAULT_ADDR") ?? "http://127.0.0.1:8200",
            "server to benchmark (env COFFER_ADDR or VAULT_ADDR)");
        var baselineAddress = flags.String("baseline-address", "",
            "baseline-server address for the baseline test (default: -address)");
        // The env fallback is applied after parsing so a token never shows up as a default in usage text.
        var token = flags.String("token", "", "token sent as X-Vault-Token (default: env COFFER_TOKEN or VAULT_TOKEN)");
        var duration = flags.Duration("duration", TimeSpan.FromSeconds(10), "measured time per test");
        var warmup = flags.Duration("warmup", TimeSpan.FromSeconds(1), "unmeasured load before each test");
        var workers = flags.Int("workers", 32, "concurrent workers, one keep-alive connection each");
        var tests = flags.String("tests", "kv_read,kv_write", "comma-separated tests: " + string.Join(", ", TestCatalog.Names));
        var mount = flags.String("mount", "secret", "KV mount path");
        var kvv2Mount = flags.String("kvv2-mount", "kvv2-bench", "KV v2 mount of kvv2_read/kvv2_write (mounted during setup if missing)");
        var transitMount = flags.String("transit-mount", "transit", "transit mount path (mounted during setup if missing)");
        var kvVersion = flags.Int("kv-version", 1, "KV version for kv_read/kv_write (1 or 2)");
        var payload = flags.Int("payload", 128, "secret value / plaintext size in bytes");
        var keys = flags.Int("keys", 1000, "distinct keys read or written");
        var policies = flags.Int("policies", 1, "policies in the system and on the reading token (kv_read_acl)");
        var format = flags.String("format", "table", "output format: table or json");
        var outFile = flags.String("out", "", "also write the table or JSON to this file");
        var caCert = flags.String("ca-cert", "", "PEM CA certificate to trust for https (instead of the system roots)");

        build = () =>
        {
            var target = ParseAddress("address", address.Value);
            var baseline = baselineAddress.Value.Length > 0 ? ParseAddress("baseline-address", baselineAddress.Value) : target;
            Require(workers.Value is >= 1 and <= MaxWorkers, $"-workers must be between 1 and {MaxWorkers}");
            Require(duration.Value > TimeSpan.Zero, "-duration must be positive");
            Require(warmup.Value >= TimeSpan.Zero, "-warmup must not be negative");
            Require(kvVersion.Value is 1 or 2, "-kv-version must be 1 or 2");
            Require(payload.Value is >= 1 and <= 16 * 1024 * 1024, "-payload must be between 1 and 16777216 bytes");
            Require(keys.Value is >= 1 and <= 10_000_000, "-keys must be between 1 and 10000000");
            Require(policies.Value is >= 1 and <= 100_000, "-policies must be between 1 and 100000");
            Require(format.Value is "table" or "json", "-format must be table or json");
            Require(mount.Value.Trim('/').Length > 0, "-mount must not be empty");
            Require(transitMount.Value.Trim('/').Length > 0, "-transit-mount must not be empty");
            Require(kvv2Mount.Value.Trim('/').Length > 0, "-kvv2-mount must not be empty");

            var testNames = tests.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Require(testNames.Length > 0, "-tests must name at least one test");
            var duplicate = testNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            Require(duplicate is null, $"-tests names {duplicate?.Key} twice");
            var unknown = testNames.FirstOrDefault(n => !TestCatalog.Names.Contains(n));
            Require(unknown is null, $"unknown test \"{unknown}\" (known: {string.Join(", ", TestCatalog.Names)})");

            var workload = new WorkloadSettings(
                target, baseline, mount.Value.Trim('/'), transitMount.Value.Trim('/'), kvVersion.Value, payload.Value, keys.Value, policies.Value,
                kvv2Mount.Value.Trim('/'));
            return new RunOptions(
                workload,
                token.WasSet ? token.Value : Environment.GetEnvironmentVariable("COFFER_TOKEN")
                    ?? Environment.GetEnvironmentVariable("VAULT_TOKEN") ?? "",
                duration.Value,
                warmup.Value,
                workers.Value,
                testNames,
                format.Value,
                outFile.Value.Length > 0 ? outFile.Value : null,
                caCert.Value.Length > 0 ? caCert.Value : null);
        };
        return flags;
    }

    /// <summary>Accepts <c>http(s)://host:port</c>; a bare <c>host:port</c> means http, like VAULT_ADDR users expect.</summary>
    public static Uri ParseAddress(string flag, string value)
    {
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FlagException($"-{flag} must be an http:// or https:// address, got \"{value}\"");
        }

        if (uri.AbsolutePath != "/")
        {
            throw new FlagException($"-{flag} must not contain a path (the /v1/ prefix is added), got \"{value}\"");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FlagException(message);
        }
    }
}
