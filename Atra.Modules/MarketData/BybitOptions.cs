namespace Atra.Modules.MarketData;

/// <summary>The <c>Market:Bybit</c> section (v5 API).</summary>
internal sealed class BybitOptions
{
    public string BaseUrl { get; set; } = "https://api.bybit.com";

    /// <summary>Public stream of the category, e.g. <c>wss://stream.bybit.com/v5/public/linear</c>.</summary>
    public string WebSocketUrl { get; set; } = "wss://stream.bybit.com/v5/public/linear";

    /// <summary><c>linear</c>, <c>spot</c> or <c>inverse</c>.</summary>
    public string Category { get; set; } = "linear";

    /// <summary>Rows per kline request (Bybit allows up to 1000).</summary>
    public int KlinePageLimit { get; set; } = 1000;

    /// <summary>Bybit drops a public socket without a ping for about a minute; it recommends every 20 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);
}
