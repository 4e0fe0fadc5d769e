using Prometheus;

namespace Atra.Modules.Shared.Metrics;

/// <summary>
/// Every Atra metric, defined once (prometheus-net, default registry, scraped at <c>/metrics</c>). Modules record
/// into these fields instead of creating their own, so names, labels and help texts stay consistent and the
/// dashboards and alert rules in <c>deploy/</c> have one list to follow. A module that needs a new metric adds it
/// here with an <c>atra_</c> name and a line in the table below.
/// <code>
/// name                                          type       labels                 recorded by
/// atra_build_info                               gauge      version                Health (always 1)
/// atra_signals_generated_total                  counter    side, mode             Signals (scan worker)
/// atra_signal_outcomes_total                    counter    result, exit_reason    Positions/Signals (lifecycle)
/// atra_signals_open                             gauge      -                      Signals (lifecycle)
/// atra_candle_lag_seconds                       gauge      exchange               MarketData (newest candle age)
/// atra_exchange_request_duration_seconds        histogram  exchange, endpoint     MarketData (HTTP client)
/// atra_exchange_request_errors_total            counter    exchange, kind         MarketData (kind: http_4xx, http_5xx, timeout, network, rate_limited)
/// atra_exchange_used_weight                     gauge      exchange               MarketData (X-MBX-USED-WEIGHT-1M etc.)
/// atra_exchange_weight_limit                    gauge      exchange               MarketData
/// atra_telegram_messages_sent_total             counter    -                      Telegram
/// atra_telegram_messages_failed_total           counter    reason                 Telegram (reason: blocked, bad_request, network …)
/// atra_telegram_rate_limited_total              counter    -                      Telegram (HTTP 429 answers)
/// atra_telegram_outbox_depth                    gauge      -                      Telegram (messages waiting)
/// atra_auth_login_failures_total                counter    -                      Auth
/// atra_auth_lockouts_total                      counter    -                      Auth
/// atra_worker_heartbeat_age_seconds             gauge      worker                 Health (read from IWorkerHeartbeats at scrape)
/// atra_health_status                            gauge      component              Health (0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)
/// </code>
/// Also on <c>/metrics</c>, from prometheus-net's defaults: <c>http_request_duration_seconds</c>,
/// <c>http_requests_in_progress</c> (UseHttpMetrics), <c>process_*</c> (CPU, memory, handles) and <c>dotnet_*</c>
/// (GC collections, heap size, thread pool).
/// </summary>
public static class AtraMetrics
{
    public static readonly Gauge BuildInfo = Prometheus.Metrics.CreateGauge(
        "atra_build_info", "Always 1; the version label says which build is running.", "version");

    public static readonly Counter SignalsGenerated = Prometheus.Metrics.CreateCounter(
        "atra_signals_generated_total", "Signals generated, by side (long|short) and filter mode (soft|strict).", "side", "mode");

    public static readonly Counter SignalOutcomes = Prometheus.Metrics.CreateCounter(
        "atra_signal_outcomes_total", "Closed signals, by result (win|loss) and exit reason (tp2, sl, timeout …).", "result", "exit_reason");

    public static readonly Gauge SignalsOpen = Prometheus.Metrics.CreateGauge(
        "atra_signals_open", "Signals not yet closed (open or past TP1).");

    public static readonly Gauge PositionsOpen = Prometheus.Metrics.CreateGauge(
        "atra_positions_open", "Users' positions not yet closed.");

    public static readonly Gauge CandleLag = Prometheus.Metrics.CreateGauge(
        "atra_candle_lag_seconds", "Seconds since the newest candle received from the exchange closed.", "exchange");

    public static readonly Histogram ExchangeRequestDuration = Prometheus.Metrics.CreateHistogram(
        "atra_exchange_request_duration_seconds",
        "Duration of exchange REST requests.",
        new HistogramConfiguration
        {
            LabelNames = ["exchange", "endpoint"],
            Buckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });

    public static readonly Counter ExchangeRequestErrors = Prometheus.Metrics.CreateCounter(
        "atra_exchange_request_errors_total", "Failed exchange requests, by kind (http_4xx, http_5xx, timeout, network, rate_limited).", "exchange", "kind");

    public static readonly Gauge ExchangeUsedWeight = Prometheus.Metrics.CreateGauge(
        "atra_exchange_used_weight", "Request weight used in the exchange's current rate-limit window, as the exchange reports it.", "exchange");

    public static readonly Gauge ExchangeWeightLimit = Prometheus.Metrics.CreateGauge(
        "atra_exchange_weight_limit", "The exchange's request weight limit for one window.", "exchange");

    public static readonly Counter TelegramSent = Prometheus.Metrics.CreateCounter(
        "atra_telegram_messages_sent_total", "Telegram messages delivered.");

    public static readonly Counter TelegramFailed = Prometheus.Metrics.CreateCounter(
        "atra_telegram_messages_failed_total", "Telegram messages that failed for good, by reason.", "reason");

    public static readonly Counter TelegramRateLimited = Prometheus.Metrics.CreateCounter(
        "atra_telegram_rate_limited_total", "Telegram answers of HTTP 429 (Too Many Requests).");

    public static readonly Gauge TelegramOutboxDepth = Prometheus.Metrics.CreateGauge(
        "atra_telegram_outbox_depth", "Telegram messages waiting in the outbox.");

    /// <summary>The round trip bounds the fan-out rate: each send permit returns one second after its answer.</summary>
    public static readonly Histogram TelegramRequestDuration = Prometheus.Metrics.CreateHistogram(
        "atra_telegram_request_duration_seconds", "Bot API send/edit requests, from start to answer (any answer).",
        new HistogramConfiguration
        {
            Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        });

    public static readonly Counter LoginFailures = Prometheus.Metrics.CreateCounter(
        "atra_auth_login_failures_total", "Failed logins (wrong user name or password, locked account).");

    public static readonly Counter Lockouts = Prometheus.Metrics.CreateCounter(
        "atra_auth_lockouts_total", "Accounts locked after too many failed logins.");

    public static readonly Gauge WorkerHeartbeatAge = Prometheus.Metrics.CreateGauge(
        "atra_worker_heartbeat_age_seconds", "Seconds since each worker's last heartbeat, read at scrape time.", "worker");

    public static readonly Gauge HealthStatus = Prometheus.Metrics.CreateGauge(
        "atra_health_status", "Latest health check verdict per component: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", "component");
}
