using System.Globalization;

namespace Atra.Modules.Health.Checks;

/// <summary>Reads the Linux figures the system check needs from <c>/proc</c>; null where a file is missing (not Linux).</summary>
internal static class ProcStats
{
    /// <summary>Busy and total jiffies of all CPUs from the first line of <c>/proc/stat</c>.</summary>
    public static (long Busy, long Total)? CpuTimes(string proc = "/proc")
    {
        var file = Path.Combine(proc, "stat");
        if (!File.Exists(file))
        {
            return null;
        }
        using var reader = new StreamReader(file);
        var line = reader.ReadLine();
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }
        // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long total = 0;
        long idle = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            var value = long.Parse(fields[i], CultureInfo.InvariantCulture);
            total += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }
        return (total - idle, total);
    }

    /// <summary>MemTotal and MemAvailable in bytes from <c>/proc/meminfo</c>.</summary>
    public static (long Total, long Available)? Memory(string proc = "/proc")
    {
        var file = Path.Combine(proc, "meminfo");
        if (!File.Exists(file))
        {
            return null;
        }
        long? total = null;
        long? available = null;
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                total = Kib(line);
            }
            else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                available = Kib(line);
            }
        }
        return total is { } t && available is { } a ? (t, a) : null;
    }

    /// <summary>The 1, 5 and 15 minute load averages from <c>/proc/loadavg</c>.</summary>
    public static (double One, double Five, double Fifteen)? LoadAverage(string proc = "/proc")
    {
        var file = Path.Combine(proc, "loadavg");
        if (!File.Exists(file))
        {
            return null;
        }
        var fields = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length < 3
            ? null
            : (double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    private static long Kib(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * 1024;
    }
}
