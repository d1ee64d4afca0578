namespace Coffer.Bench.SelfTest;

/// <summary>A tiny assertion collector: xunit is not wired into bench/, and these checks are few.</summary>
public sealed class SelfCheck(TextWriter output)
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public void Run(string name, Action check)
    {
        try
        {
            check();
            Passed++;
            output.WriteLine($"ok   {name}");
        }
        catch (Exception ex)
        {
            Failed++;
            output.WriteLine($"FAIL {name}: {ex.Message}");
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual}");
        }
    }

    public static void Near(double expected, double actual, double relativeTolerance, string what)
    {
        if (Math.Abs(actual - expected) > Math.Abs(expected) * relativeTolerance)
        {
            throw new InvalidOperationException($"{what}: expected {expected} within {relativeTolerance:P1}, got {actual}");
        }
    }

    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    public static void Throws<TException>(Action action, string what)
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
            return;
        }

        throw new InvalidOperationException($"{what}: expected {typeof(TException).Name}");
    }
}
