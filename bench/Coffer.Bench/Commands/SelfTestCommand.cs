using Coffer.Bench.SelfTest;

namespace Coffer.Bench.Commands;

/// <summary><c>selftest</c>: runs the built-in checks and exits non-zero if any fails.</summary>
public static class SelfTestCommand
{
    public static int Execute()
    {
        var check = new SelfCheck(Console.Out);
        HistogramChecks.Register(check);
        FlagChecks.Register(check);
        ReportChecks.Register(check);
        ReplicationChecks.Register(check);

        // The plain closing line CI runners recognise.
        Console.Out.WriteLine($"{check.Passed} passed, {check.Failed} failed");
        return check.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
