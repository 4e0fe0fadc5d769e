namespace Atra.Modules.Health;

/// <summary>
/// Bound from the <c>Health</c> section: how often and how long the checks run, and every threshold. A status
/// is WARNING from the warning figure on and CRITICAL from the critical figure on. Durations are TimeSpans.
/// </summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>How often the service runs every check (the gauge and the status page read that report).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one contributor may take before it counts as UNKNOWN (timed out).</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>/health/ready</c> is public: within this window it answers the last report instead of running every
    /// check again, so a flood of probes cannot become a flood of database and network work.
    /// </summary>
    public TimeSpan ReadyCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    // Database
    /// <summary>How long the write probe waits for a lock held by another connection before calling it locked.</summary>
    public TimeSpan DatabaseLockTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The database file (with its WAL) is WARNING from this size on; 0 turns the threshold off.</summary>
    public long DatabaseSizeWarningBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>No write for this long is a WARNING (the service writes candles and signals all day); zero turns it off.</summary>
    public TimeSpan DatabaseLastWriteWarning { get; set; } = TimeSpan.Zero;

    // System. CPU and load only ever warn: a saturated machine is slow, not broken, and a readiness probe that
    // failed on a busy minute would have the orchestrator restart a working service. Memory and disk do break it.
    public double CpuWarningPercent { get; set; } = 90;

    /// <summary>CPU use is measured between two reads of /proc/stat this far apart.</summary>
    public TimeSpan CpuSampleTime { get; set; } = TimeSpan.FromMilliseconds(250);

    public double MemoryWarningPercent { get; set; } = 85;

    public double MemoryCriticalPercent { get; set; } = 95;

    /// <summary>Free space on the database's disk, in percent of the disk.</summary>
    public double DiskFreeWarningPercent { get; set; } = 10;

    public double DiskFreeCriticalPercent { get; set; } = 3;

    /// <summary>The 5-minute load average divided by the number of cores.</summary>
    public double LoadPerCoreWarning { get; set; } = 2;

    // Exchanges
    public TimeSpan ExchangeLatencyWarning { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ExchangeLatencyCritical { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Used request weight in percent of the exchange's limit for the current window.</summary>
    public double ExchangeWeightWarningPercent { get; set; } = 80;

    public double ExchangeWeightCriticalPercent { get; set; } = 95;

    /// <summary>Age of the newest stored candle.</summary>
    public TimeSpan CandleLagWarning { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan CandleLagCritical { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>No successful request for this long is CRITICAL even when the last error was transient.</summary>
    public TimeSpan ExchangeSilenceCritical { get; set; } = TimeSpan.FromMinutes(5);

    // Workers
    public TimeSpan WorkerStaleWarning { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WorkerStaleCritical { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per-worker warning ages for workers slower than the default (the critical age is three times it).</summary>
    public Dictionary<string, TimeSpan> WorkerStaleWarningOverrides { get; set; } = new(StringComparer.Ordinal);

    // Signal generation
    /// <summary>The heartbeat name of the signal scan worker.</summary>
    public string SignalScanWorker { get; set; } = "SignalScanWorker";

    public TimeSpan SignalScanStaleWarning { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan SignalScanStaleCritical { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Fewer signals than this in the last 24 hours is a WARNING; 0 turns it off (quiet markets are normal).</summary>
    public int SignalsPer24hWarningBelow { get; set; }

    // Remote dependencies
    /// <summary>Timeout of one Redis PING, Elasticsearch request or Telegram getMe.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Data quality: a gap or an inconsistent candle this recent makes <c>data_quality</c> a WARNING.</summary>
    public TimeSpan DataQualityWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Data quality: a series whose next candle is overdue by more than this is stale (WARNING).</summary>
    public TimeSpan DataQualityStaleGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>CoinGecko's API root, pinged by <c>atra health</c> on its own as the price reference; empty: not pinged.</summary>
    public string CoinGeckoUrl { get; set; } = "https://api.coingecko.com/api/v3";

    public (TimeSpan Warning, TimeSpan Critical) WorkerThresholds(string worker) =>
        WorkerStaleWarningOverrides.TryGetValue(worker, out var warning)
            ? (warning, warning * 3)
            : (WorkerStaleWarning, WorkerStaleCritical);
}
