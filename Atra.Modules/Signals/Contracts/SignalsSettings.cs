using System.ComponentModel.DataAnnotations;

namespace Atra.Modules.Signals.Contracts;

/// <summary>The numbers of STRATEGY.md "Entry", bound from the <c>Signals</c> section.</summary>
public sealed class SignalsSettings
{
    public const string SectionName = "Signals";

    /// <summary>The strategy interval; signals are evaluated at the close of each candle of it.</summary>
    [Required]
    public string Interval { get; set; } = "1h";

    /// <summary>The EMA cross must be in one of the last N candles (i−N+1 … i) and still hold at i.</summary>
    [Range(1, 100)]
    public int CrossLookbackCandles { get; set; } = 3;

    /// <summary>The symbol whose trend filters the others; it is not filtered by itself.</summary>
    [Required]
    public string BtcSymbol { get; set; } = "BTCUSDT";

    /// <summary>Candles before i the anomaly score's median and MAD are taken over.</summary>
    [Range(2, 10_000)]
    public int AnomalyWindow { get; set; } = 100;

    /// <summary>The MAD scale that makes it a standard deviation for normal data.</summary>
    [Range(0.0001, 100)]
    public double AnomalyMadScale { get; set; } = 1.4826;

    [Required]
    public ThresholdSet Soft { get; set; } = ThresholdSet.SoftDefaults();

    [Required]
    public ThresholdSet Strict { get; set; } = ThresholdSet.StrictDefaults();

    /// <summary>RSS/Atom feed URLs for news impact; empty: news impact is 0.</summary>
    public List<string> NewsFeeds { get; set; } = [];

    /// <summary>Only news items published within this window before now count.</summary>
    public TimeSpan NewsWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long fetched feeds are reused before fetching again.</summary>
    public TimeSpan NewsCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A news feed larger than this is refused (a feed is a few hundred KB; a misbehaving server is not read to the end).</summary>
    public long NewsMaxFeedBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>A live external filter (whale, news) slower than this is recorded as unknown and does not block.</summary>
    public TimeSpan FilterTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Candles per symbol the scan worker loads from the candle store at start to rebuild indicator state.</summary>
    [Range(100, 100_000)]
    public int WarmupCandles { get; set; } = 500;

    /// <summary>
    /// A failed signal write (new signal, close, lifecycle state) is retried <see cref="WriteRetries"/> times at once,
    /// after this delay doubling each time; then the candle stays at the head of its symbol's queue and the scan worker
    /// retries it with the same doubling backoff (up to a minute) until the write commits.
    /// </summary>
    public TimeSpan WriteRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(0, 10)]
    public int WriteRetries { get; set; } = 3;
}
