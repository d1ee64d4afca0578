namespace Coffer.Core.Telemetry;

/// <summary>Lock-free minimum and maximum on longs, which <see cref="Interlocked"/> does not provide.</summary>
internal static class InterlockedInt64
{
    public static void Min(ref long location, long value)
    {
        // Once the extreme settles, the common case is a single read with no write at all.
        long current = Volatile.Read(ref location);
        while (value < current)
        {
            long seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public static void Max(ref long location, long value)
    {
        long current = Volatile.Read(ref location);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
