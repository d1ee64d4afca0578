using System.Collections;

namespace Coffer.Cli.Tests.Support;

/// <summary>The outcome of one in-process `coffer` invocation.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real CLI entry point with captured streams and a controlled environment.</summary>
internal static class CliRun
{
    /// <param name="environment">
    /// Variables for the run. HOME always points at an empty directory unless given, so a developer's own
    /// ~/.coffer-token never leaks into a test.
    /// </param>
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args,
        IDictionary<string, string>? environment = null,
        string stdin = "",
        bool stdoutIsTerminal = false)
    {
        var variables = new Hashtable { ["HOME"] = Path.Combine(Path.GetTempPath(), "coffer-cli-tests-no-home") };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(
            args.ToArray(),
            new StringReader(stdin),
            stdout,
            stderr,
            variables,
            new TerminalInfo(StdinIsTerminal: false, StdoutIsTerminal: stdoutIsTerminal));
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs against <paramref name="server"/> with a token set, the usual case for command tests.</summary>
    public static Task<CliResult> AgainstAsync(FakeVaultServer server, params string[] args) =>
        RunAsync(args, WithTestToken(server));

    /// <summary>Runs against <paramref name="server"/> with HOME at <paramref name="home"/> and no token variable.</summary>
    public static Task<CliResult> InHomeAsync(
        FakeVaultServer server,
        TempHome home,
        string[] args,
        string stdin = "",
        IDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string> { ["COFFER_ADDR"] = server.Address, ["HOME"] = home.Path };
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return RunAsync(args, environment, stdin);
    }

    public static Task<CliResult> AgainstWithStdinAsync(FakeVaultServer server, string stdin, params string[] args) =>
        RunAsync(args, WithTestToken(server), stdin);

    private static Dictionary<string, string> WithTestToken(FakeVaultServer server) =>
        new() { ["COFFER_ADDR"] = server.Address, ["COFFER_TOKEN"] = "s.test-token" };
}
