using Coffer.Bench.Cli;
using Coffer.Bench.Commands;

namespace Coffer.Bench.Replication;

/// <summary>Flags shared by the <c>repl</c> subcommands; each subcommand reads the ones it needs.</summary>
public sealed class ReplOptions
{
    private readonly Flag<string> _primary, _secondary, _token, _mount, _prefix, _pids, _secondaryToken, _activationToken, _unsealKey, _operationToken;

    public ReplOptions(string command)
    {
        Flags = new FlagSet("repl " + command);
        _primary = Flags.String("primary", "", "the DR primary's API address");
        _secondary = Flags.String("secondary", "", "the DR secondary's API address (fill: the server to load)");
        _token = Flags.String("token", "", "client token for writes (default: env COFFER_TOKEN)");
        _mount = Flags.String("mount", "secret", "KV mount written to");
        KvVersion = Flags.Int("kv-version", 2, "KV version of -mount");
        _prefix = Flags.String("prefix", "bench", "key prefix under the mount");
        Payload = Flags.Int("payload", 64, "value size in bytes");
        Keys = Flags.Int("keys", 1000, "write-rate: distinct keys cycled through");
        Rate = Flags.Int("rate", 100, "write-rate: writes per second offered");
        Duration = Flags.Duration("duration", TimeSpan.FromSeconds(10), "write-rate: how long writes are offered");
        MaxInFlight = Flags.Int("max-in-flight", 256, "write-rate: outstanding requests beyond which due writes are skipped");
        Count = Flags.Int("count", 100_000, "fill: secrets to write");
        Workers = Flags.Int("workers", 32, "fill: concurrent connections");
        Timeout = Flags.Duration("timeout", TimeSpan.FromMinutes(5), "give up waiting for sync after this long");
        _pids = Flags.String("pids", "", "label:pid,... of server processes whose CPU time each phase reports");
        _secondaryToken = Flags.String("secondary-token", "", "bootstrap: the secondary's root token (default: env REPL_SECONDARY_TOKEN)");
        _activationToken = Flags.String("activation-token", "", "bootstrap: activation token from the primary (default: env REPL_ACTIVATION_TOKEN)");
        _unsealKey = Flags.String("unseal-key", "", "catch-up: the primary's unseal key (default: env REPL_UNSEAL_KEY)");
        _operationToken = Flags.String("operation-token", "", "promote: DR operation token (default: env REPL_DR_OPERATION_TOKEN)");
    }

    public FlagSet Flags { get; }
    public Flag<int> KvVersion { get; }
    public Flag<int> Payload { get; }
    public Flag<int> Keys { get; }
    public Flag<int> Rate { get; }
    public Flag<TimeSpan> Duration { get; }
    public Flag<int> MaxInFlight { get; }
    public Flag<int> Count { get; }
    public Flag<int> Workers { get; }
    public Flag<TimeSpan> Timeout { get; }

    public Uri Primary => Address("primary", _primary.Value);
    public Uri Secondary => Address("secondary", _secondary.Value);
    public string Token => Secret(_token, "COFFER_TOKEN");
    public string SecondaryToken => Secret(_secondaryToken, "REPL_SECONDARY_TOKEN");
    public string ActivationToken => Secret(_activationToken, "REPL_ACTIVATION_TOKEN");
    public string UnsealKey => Secret(_unsealKey, "REPL_UNSEAL_KEY");
    public string OperationToken => Secret(_operationToken, "REPL_DR_OPERATION_TOKEN");
    public string Mount => _mount.Value.Trim('/');
    public string Prefix => _prefix.Value.Trim('/');
    public ProcessCpu Cpu => ProcessCpu.Parse(_pids.Value);

    /// <summary>The KV write of key <paramref name="key"/> under the prefix, for the mount's KV version.</summary>
    public Func<long, (Uri, byte[])> KvWrite(Uri server, long keys)
    {
        var body = Workloads.JsonBodies.KvSecret(KvVersion.Value, Workloads.Payload.Text(Payload.Value));
        var root = KvVersion.Value == 2 ? $"v1/{Mount}/data/{Prefix}/" : $"v1/{Mount}/{Prefix}/";
        return index => (new Uri(server, root + (index % keys).ToString(System.Globalization.CultureInfo.InvariantCulture)), body);
    }

    private static Uri Address(string flag, string value)
    {
        if (value.Length == 0)
        {
            throw new FlagException($"-{flag} is required");
        }
        return RunOptions.ParseAddress(flag, value);
    }

    /// <summary>Secrets come from the environment by default, so they do not show in the process list.</summary>
    private static string Secret(Flag<string> flag, string environment)
    {
        var value = flag.WasSet ? flag.Value : Environment.GetEnvironmentVariable(environment) ?? "";
        if (value.Length == 0)
        {
            throw new FlagException($"-{flag.Name} (or env {environment}) is required");
        }
        return value;
    }
}
