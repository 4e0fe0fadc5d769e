namespace Atra.Modules.MarketData;

/// <summary>The <c>Market:Binance</c> section.</summary>
internal sealed class BinanceOptions
{
    public string SpotBaseUrl { get; set; } = "https://api.binance.com";

    public string FuturesBaseUrl { get; set; } = "https://fapi.binance.com";

    public string SpotWebSocketUrl { get; set; } = "wss://stream.binance.com:9443";

    public string FuturesWebSocketUrl { get; set; } = "wss://fstream.binance.com";

    /// <summary><c>Spot</c> or <c>Futures</c> (USDⓈ-M perpetuals).</summary>
    public string Market { get; set; } = "Spot";

    /// <summary>Request weight per minute per IP (spot 6000, USDⓈ-M 2400 at the time of writing).</summary>
    public int WeightLimit { get; set; } = 6000;

    /// <summary>Share of <see cref="WeightLimit"/> used before the client waits for the next minute.</summary>
    public double WeightSafetyFraction { get; set; } = 0.9;

    /// <summary>Streams per combined WebSocket connection (spot allows 1024, USDⓈ-M 200).</summary>
    public int MaxStreamsPerConnection { get; set; } = 200;

    /// <summary>Rows per klines request (Binance allows up to 1000 on spot, 1500 on futures).</summary>
    public int KlinePageLimit { get; set; } = 1000;

    /// <summary>Futures maximum leverage reported in symbol rules: exchangeInfo does not carry it (the bracket endpoint needs an API key).</summary>
    public int FuturesMaxLeverage { get; set; } = 20;

    public bool IsFutures => string.Equals(Market, "Futures", StringComparison.OrdinalIgnoreCase);
}
