namespace Coffer.Bench.Commands;

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Setup failed, a server could not be reached, a self-check failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line could not be understood.</summary>
    public const int Usage = 2;
}
