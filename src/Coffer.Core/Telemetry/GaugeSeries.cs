namespace Coffer.Core.Telemetry;

/// <summary>A value that is replaced rather than accumulated; the last write wins.</summary>
internal sealed class GaugeSeries : MetricSeries
{
    private double _value;

    // Exchange rather than a plain store so the 8-byte write is atomic on 32-bit platforms too.
    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    public double Value => Volatile.Read(ref _value);
}
