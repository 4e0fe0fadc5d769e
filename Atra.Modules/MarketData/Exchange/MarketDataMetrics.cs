using Atra.Modules.Shared.Metrics;
using Prometheus;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>
/// The module's Prometheus series. Those the dashboards and alerts share are AtraMetrics' own definitions
/// (a second registration of a name with other labels would throw); the rest are MarketData's.
/// </summary>
internal static class MarketDataMetrics
{
    public static Gauge CandleLag => AtraMetrics.CandleLag;

    public static Histogram RequestDuration => AtraMetrics.ExchangeRequestDuration;

    /// <summary>Labels: exchange, kind (rate_limited, http_4xx, http_5xx, timeout, network …).</summary>
    public static Counter RequestErrors => AtraMetrics.ExchangeRequestErrors;

    public static Gauge UsedWeight => AtraMetrics.ExchangeUsedWeight;

    public static readonly Counter Reconnects = Metrics.CreateCounter(
        "atra_marketdata_reconnects_total", "WebSocket reconnects after a dropped or failed stream", "exchange");

    public static readonly Counter CandlesBackfilled = Metrics.CreateCounter(
        "atra_marketdata_candles_backfilled_total", "Closed candles fetched over REST because the stream missed them", "exchange");
}
