using Microsoft.Extensions.Options;

namespace Atra.Modules.Health;

/// <summary>Refuses thresholds that cannot work; every message names the key as <c>Health:Key</c>.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.Interval), options.Interval);
        Positive(failures, nameof(options.CheckTimeout), options.CheckTimeout);
        Positive(failures, nameof(options.DatabaseLockTimeout), options.DatabaseLockTimeout);
        Positive(failures, nameof(options.CpuSampleTime), options.CpuSampleTime);
        Positive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        Positive(failures, nameof(options.DataQualityWindow), options.DataQualityWindow);
        if (options.DataQualityStaleGrace < TimeSpan.Zero)
        {
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.DataQualityStaleGrace)} must not be negative.");
        }
        if (options.ProbeTimeout > TimeSpan.FromSeconds(30))
        {
            // atra health is a container's health probe and an operator's first look: it must never hang.
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.ProbeTimeout)} must be at most 00:00:30.");
        }
        if (!string.IsNullOrWhiteSpace(options.CoinGeckoUrl)
            && (!Uri.TryCreate(options.CoinGeckoUrl, UriKind.Absolute, out var gecko) || (gecko.Scheme != Uri.UriSchemeHttps && gecko.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.CoinGeckoUrl)} must be an absolute http(s) URL or empty (not pinged).");
        }
        if (options.ReadyCacheFor < TimeSpan.Zero)
        {
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.ReadyCacheFor)} must not be negative.");
        }
        if (options.DatabaseSizeWarningBytes < 0)
        {
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.DatabaseSizeWarningBytes)} must not be negative (0 turns it off).");
        }
        Ordered(failures, nameof(options.MemoryWarningPercent), options.MemoryWarningPercent, nameof(options.MemoryCriticalPercent), options.MemoryCriticalPercent);
        Ordered(failures, nameof(options.DiskFreeCriticalPercent), options.DiskFreeCriticalPercent, nameof(options.DiskFreeWarningPercent), options.DiskFreeWarningPercent);
        Ordered(failures, nameof(options.ExchangeWeightWarningPercent), options.ExchangeWeightWarningPercent, nameof(options.ExchangeWeightCriticalPercent), options.ExchangeWeightCriticalPercent);
        Ordered(failures, nameof(options.ExchangeLatencyWarning), options.ExchangeLatencyWarning, nameof(options.ExchangeLatencyCritical), options.ExchangeLatencyCritical);
        Ordered(failures, nameof(options.CandleLagWarning), options.CandleLagWarning, nameof(options.CandleLagCritical), options.CandleLagCritical);
        Ordered(failures, nameof(options.WorkerStaleWarning), options.WorkerStaleWarning, nameof(options.WorkerStaleCritical), options.WorkerStaleCritical);
        Ordered(failures, nameof(options.SignalScanStaleWarning), options.SignalScanStaleWarning, nameof(options.SignalScanStaleCritical), options.SignalScanStaleCritical);
        if (string.IsNullOrWhiteSpace(options.SignalScanWorker))
        {
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.SignalScanWorker)} must name the scan worker's heartbeat.");
        }
        if (options.SignalsPer24hWarningBelow < 0)
        {
            failures.Add($"{HealthOptions.SectionName}:{nameof(options.SignalsPer24hWarningBelow)} must not be negative (0 turns it off).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{HealthOptions.SectionName}:{key} must be a positive duration (hh:mm:ss).");
        }
    }

    private static void Ordered<T>(List<string> failures, string lowKey, T low, string highKey, T high)
        where T : IComparable<T>
    {
        if (low.CompareTo(high) > 0)
        {
            failures.Add($"{HealthOptions.SectionName}:{lowKey} must not be above {HealthOptions.SectionName}:{highKey}.");
        }
    }
}
