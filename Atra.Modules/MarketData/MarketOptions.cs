namespace Atra.Modules.MarketData;

/// <summary>Where candles come from and what to watch. Bound from the <c>Market</c> section.</summary>
internal sealed class MarketOptions
{
    public const string SectionName = "Market";

    /// <summary><c>Binance</c>, <c>Bybit</c> or <c>Replay</c> (the default, so a fresh clone runs offline).</summary>
    public string Source { get; set; } = "Replay";

    public BinanceOptions Binance { get; set; } = new();

    public BybitOptions Bybit { get; set; } = new();

    public ReplayOptions Replay { get; set; } = new();

    /// <summary>
    /// <c>atra serve</c> refuses <c>Source=Replay</c> with a Telegram bot token (old candles' signals would reach real
    /// subscribers) unless this is set, for a test bot.
    /// </summary>
    public bool AllowReplayWithBot { get; set; }

    /// <summary>An explicit list of symbols; when empty the universe is the top <see cref="UniverseTopN"/> pairs.</summary>
    public List<string> Symbols { get; set; } = [];

    /// <summary>How many pairs of <see cref="QuoteAsset"/> by 24 h quote volume make the universe.</summary>
    public int UniverseTopN { get; set; } = 50;

    public string QuoteAsset { get; set; } = "USDT";

    /// <summary>Symbols always watched when trading (BTCUSDT feeds the BTC trend filter); BTCUSDT when not set.</summary>
    public List<string> AlwaysInclude { get; set; } = [];

    public TimeSpan UniverseRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Candle intervals to follow; <c>1h</c> when not set. (Lists start empty: the binder appends to a list's initial items.)</summary>
    public List<string> Intervals { get; set; } = [];

    /// <summary>Closed candles kept per symbol and interval.</summary>
    public int StoreDepth { get; set; } = 1000;

    /// <summary>First wait before reconnecting a dropped socket; it doubles per failed try (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the worker checks for candles that should have closed but did not arrive, and fetches them.</summary>
    public TimeSpan CatchUpPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after a candle's close it may arrive before the catch-up fetches it over REST.</summary>
    public TimeSpan CatchUpGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of one HTTP attempt; the resilience handler retries network errors and 5xx (never 429/418).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int RequestRetries { get; set; } = 2;

    /// <summary>The longest Retry-After (429) the client waits out itself before failing the request.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Follow aggregated trades for the whale filter (Binance only).</summary>
    public bool WhaleFeed { get; set; } = true;

    /// <summary>The smallest whale trade in quote currency (STRATEGY.md: 100,000 USDT).</summary>
    public double WhaleMinNotional { get; set; } = 100_000;

    public TimeSpan WhaleWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>At most this many trades are kept per symbol within the window (the oldest go first during a burst).</summary>
    public int WhaleMaxTradesPerSymbol { get; set; } = 50_000;
}
