using System.Globalization;

namespace Coffer.Bench.Replication;

/// <summary>
/// CPU seconds (user + system) that named server processes used, read from <c>/proc/PID/stat</c>: a cheap profile
/// of which side (primary or secondary) a replication phase keeps busy. Empty where /proc is missing.
/// </summary>
public sealed class ProcessCpu
{
    private readonly IReadOnlyList<(string Label, int Pid)> _processes;

    private ProcessCpu(IReadOnlyList<(string, int)> processes) => _processes = processes;

    /// <summary>Parses <c>label:pid,label:pid</c>.</summary>
    public static ProcessCpu Parse(string spec)
    {
        var processes = new List<(string, int)>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0 || !int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                throw new FormatException($"expected label:pid, got \"{part}\"");
            }
            processes.Add((part[..colon], pid));
        }
        return new ProcessCpu(processes);
    }

    public Dictionary<string, double> Sample()
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, pid) in _processes)
        {
            try
            {
                // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                seconds[label] = ticks / 100.0; // USER_HZ is 100 on Linux.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process is gone or /proc is not there: leave it out.
            }
        }
        return seconds;
    }

    /// <summary><c>cpu_LABEL_s=…</c> pairs for the CPU used between two samples.</summary>
    public static IEnumerable<(string Key, string Value)> Used(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Where(a => before.ContainsKey(a.Key))
            .Select(a => ($"cpu_{a.Key}_s", (a.Value - before[a.Key]).ToString("0.00", CultureInfo.InvariantCulture)));
}
