using Prometheus;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>The module's Prometheus series; labels are the source name (and the endpoint for requests).</summary>
internal static class MarketDataMetrics
{
    public static readonly Gauge CandleLag = Metrics.CreateGauge(
        "atra_marketdata_candle_lag_seconds", "Seconds since the close of the last closed candle received, per source", "exchange");

    public static readonly Histogram RequestDuration = Metrics.CreateHistogram(
        "atra_exchange_request_duration_seconds", "Latency of exchange REST requests", new HistogramConfiguration
        {
            LabelNames = ["exchange", "endpoint"],
            Buckets = Histogram.ExponentialBuckets(0.01, 2, 12),
        });

    public static readonly Counter RequestErrors = Metrics.CreateCounter(
        "atra_exchange_request_errors_total", "Failed exchange REST requests by reason", "exchange", "endpoint", "reason");

    public static readonly Gauge UsedWeight = Metrics.CreateGauge(
        "atra_exchange_used_weight", "Request weight used in the current minute as the exchange reports it", "exchange");

    public static readonly Counter Reconnects = Metrics.CreateCounter(
        "atra_marketdata_reconnects_total", "WebSocket reconnects after a dropped or failed stream", "exchange");

    public static readonly Counter CandlesBackfilled = Metrics.CreateCounter(
        "atra_marketdata_candles_backfilled_total", "Closed candles fetched over REST because the stream missed them", "exchange");
}
