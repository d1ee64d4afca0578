namespace Coffer.Core.Telemetry;

/// <summary>
/// Lock-free read-modify-write operations on doubles, which <see cref="Interlocked"/> only offers as
/// compare-and-swap. Success is judged on the bit pattern, as the swap itself is, so 0.0 and -0.0
/// are never confused.
/// </summary>
internal static class InterlockedDouble
{
    public static void Add(ref double location, double value)
    {
        double current = Volatile.Read(ref location);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (SameBits(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    public static void Min(ref double location, double value)
    {
        // Once the extreme settles, the common case is a single read with no write at all.
        double current = Volatile.Read(ref location);
        while (value < current)
        {
            double seen = Interlocked.CompareExchange(ref location, value, current);
            if (SameBits(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    public static void Max(ref double location, double value)
    {
        double current = Volatile.Read(ref location);
        while (value > current)
        {
            double seen = Interlocked.CompareExchange(ref location, value, current);
            if (SameBits(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
