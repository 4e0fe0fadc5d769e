using System.Globalization;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>system</c>: CPU use (two reads of /proc/stat), memory (MemAvailable of /proc/meminfo), free space on the
/// database's disk, and the 5-minute load per core (/proc/loadavg). The worst figure sets the status; a figure
/// that cannot be read here (not Linux) makes it UNKNOWN only when none can be read. CPU and load only warn.
/// </summary>
internal sealed class SystemHealthCheck(IOptions<HealthOptions> options, IOptions<StorageOptions> storage, TimeProvider clock) : IHealthCheckContributor
{
    public const string Component = "system";

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var data = new Dictionary<string, object?> { ["cores"] = Environment.ProcessorCount };
        var problems = new List<string>();
        var figures = new List<string>();
        var status = HealthStatus.Healthy;
        var measured = 0;

        if (ProcStats.CpuTimes() is { } first)
        {
            await Task.Delay(o.CpuSampleTime, clock, cancellationToken).ConfigureAwait(false);
            if (ProcStats.CpuTimes() is { } second && second.Total > first.Total)
            {
                var cpu = 100d * (second.Busy - first.Busy) / (second.Total - first.Total);
                data["cpu_percent"] = Math.Round(cpu, 1);
                status = status.Worst(Grade(cpu, o.CpuWarningPercent, double.PositiveInfinity, $"CPU {cpu:0}%", problems));
                figures.Add(string.Create(CultureInfo.InvariantCulture, $"CPU {cpu:0}%"));
                measured++;
            }
        }

        if (ProcStats.Memory() is { } memory && memory.Total > 0)
        {
            var used = 100d * (memory.Total - memory.Available) / memory.Total;
            data["memory_total_bytes"] = memory.Total;
            data["memory_available_bytes"] = memory.Available;
            data["memory_used_percent"] = Math.Round(used, 1);
            status = status.Worst(Grade(used, o.MemoryWarningPercent, o.MemoryCriticalPercent, $"memory {used:0}% used", problems));
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"memory {used:0}%"));
            measured++;
        }

        if (Disk() is { } disk && disk.TotalSize > 0)
        {
            var free = 100d * disk.AvailableFreeSpace / disk.TotalSize;
            data["disk_path"] = disk.RootDirectory.FullName;
            data["disk_free_bytes"] = disk.AvailableFreeSpace;
            data["disk_total_bytes"] = disk.TotalSize;
            data["disk_free_percent"] = Math.Round(free, 1);
            // Less free space is worse, so grade the used share against the mirrored thresholds.
            status = status.Worst(Grade(100 - free, 100 - o.DiskFreeWarningPercent, 100 - o.DiskFreeCriticalPercent, $"disk {free:0.#}% free", problems));
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"disk {free:0}% free"));
            measured++;
        }

        if (ProcStats.LoadAverage() is { } load)
        {
            var perCore = load.Five / Environment.ProcessorCount;
            data["load_1m"] = load.One;
            data["load_5m"] = load.Five;
            data["load_15m"] = load.Fifteen;
            data["load_per_core"] = Math.Round(perCore, 2);
            status = status.Worst(Grade(perCore, o.LoadPerCoreWarning, double.PositiveInfinity, $"load {perCore:0.##} per core", problems));
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"load {perCore:0.##}/core"));
            measured++;
        }

        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            data["process_working_set_bytes"] = process.WorkingSet64;
        }
        data["gc_heap_bytes"] = GC.GetTotalMemory(forceFullCollection: false);

        if (measured == 0)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Unknown, "no system figure can be read here (/proc is missing)", data)];
        }
        var reason = problems.Count > 0 ? string.Join("; ", problems) : string.Join(", ", figures);
        return [ComponentHealth.Of(Component, status, reason, data)];
    }

    private static HealthStatus Grade(double value, double warning, double critical, FormattableString what, List<string> problems)
    {
        var text = what.ToString(CultureInfo.InvariantCulture);
        if (value >= critical)
        {
            problems.Add(text + " (critical)");
            return HealthStatus.Critical;
        }
        if (value >= warning)
        {
            problems.Add(text + " (warning)");
            return HealthStatus.Warning;
        }
        return HealthStatus.Healthy;
    }

    private DriveInfo? Disk()
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(storage.Value.Sqlite)) ?? AppContext.BaseDirectory;
            while (!Directory.Exists(folder) && Path.GetDirectoryName(folder) is { } parent)
            {
                folder = parent;
            }
            return new DriveInfo(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
