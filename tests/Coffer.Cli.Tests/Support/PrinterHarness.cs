using System.Collections;
using Coffer.Cli.Output;

namespace Coffer.Cli.Tests.Support;

/// <summary>An <see cref="OutputPrinter"/> writing into strings, for formatting tests that need no server.</summary>
internal sealed class PrinterHarness
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public PrinterHarness(OutputFormat format = OutputFormat.Table, string? field = null, bool stdoutIsTerminal = false)
    {
        var context = new CliContext(
            new StringReader(""),
            _stdout,
            _stderr,
            new CliEnvironment(new Hashtable()),
            new TerminalInfo(false, stdoutIsTerminal));
        Printer = new OutputPrinter(context, new OutputOptions(format, field));
    }

    public OutputPrinter Printer { get; }

    public string Stdout => _stdout.ToString();

    public string Stderr => _stderr.ToString();
}
