using System.Text.Json.Nodes;

namespace Coffer.Core.Engines.System;

/// <summary>Facts about the machine for <c>sys/host-info</c>, read from the runtime and /proc where available.</summary>
internal static class HostInfo
{
    public static JsonObject Collect(DateTimeOffset now)
    {
        var uptime = ReadUptimeSeconds();
        var memory = ReadMemInfo();
        var cpus = new JsonArray();
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            cpus.Add(new JsonObject { ["cpu"] = i, ["cores"] = 1 });
        }
        var disks = new JsonArray();
        foreach (var drive in DriveInfo.GetDrives().Where(d => d.IsReady && d.DriveType == DriveType.Fixed).Take(8))
        {
            disks.Add(new JsonObject
            {
                ["path"] = drive.RootDirectory.FullName,
                ["fstype"] = drive.DriveFormat,
                ["total"] = drive.TotalSize,
                ["free"] = drive.AvailableFreeSpace,
                ["used"] = drive.TotalSize - drive.TotalFreeSpace,
            });
        }
        return new JsonObject
        {
            ["cpu"] = cpus,
            ["cpu_times"] = new JsonArray(),
            ["disk"] = disks,
            ["host"] = new JsonObject
            {
                ["hostname"] = Environment.MachineName,
                ["uptime"] = uptime,
                ["bootTime"] = now.ToUnixTimeSeconds() - uptime,
                ["os"] = Environment.OSVersion.Platform.ToString().ToLowerInvariant(),
                ["kernelVersion"] = Environment.OSVersion.Version.ToString(),
            },
            ["memory"] = memory,
            ["timestamp"] = now.ToString("O"),
        };
    }

    private static long ReadUptimeSeconds()
    {
        try
        {
            var text = File.ReadAllText("/proc/uptime").Split(' ')[0];
            return (long)double.Parse(text, global::System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return Environment.TickCount64 / 1000;
        }
    }

    private static JsonObject ReadMemInfo()
    {
        var values = new Dictionary<string, long>();
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length == 2 && long.TryParse(parts[1].Trim().Split(' ')[0], out var kib))
                {
                    values[parts[0]] = kib * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var total = values.GetValueOrDefault("MemTotal", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var available = values.GetValueOrDefault("MemAvailable", 0);
        return new JsonObject
        {
            ["total"] = total,
            ["available"] = available,
            ["used"] = total - available,
            ["free"] = values.GetValueOrDefault("MemFree", 0),
            ["usedPercent"] = total > 0 ? Math.Round(100.0 * (total - available) / total, 2) : 0,
        };
    }
}
