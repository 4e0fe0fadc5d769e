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
/// atra_telegram_paid_messages_total             counter    -                      Telegram (sent with allow_paid_broadcast, 0.1 Star each)
/// atra_auth_login_failures_total                counter    -                      Auth
/// atra_auth_lockouts_total                      counter    -                      Auth
/// atra_worker_heartbeat_age_seconds             gauge      worker                 Health (read from IWorkerHeartbeats at scrape)
/// atra_worker_failures_total                    counter    worker                 every worker (a failed step or tick, retried)
/// atra_health_status                            gauge      component              Health (0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)
/// atra_ml_model_version                         gauge      -                      MLOps (serving champion; 0 none)
/// atra_ml_model_created_timestamp_seconds       gauge      -                      MLOps (champion's training time)
/// atra_ml_model_max_age_seconds                 gauge      -                      MLOps (MLOps:MaxModelAge)
/// atra_ml_predictions_total                     counter    range                  MLOps (in_range|out_of_range)
/// atra_ml_prediction_duration_seconds           histogram  -                      MLOps (one prediction)
/// atra_ml_drift_p_value                         gauge      feature                MLOps (latest drift check; KS p-value)
/// atra_ml_drift_detected                        gauge      -                      MLOps (latest drift check: 1 drift)
/// atra_ml_drift_checked_timestamp_seconds       gauge      -                      MLOps (latest drift check)
/// atra_backup_scheduled                         gauge      -                      Shared (1 when Storage:BackupSchedule is set)
/// atra_backup_last_success_timestamp_seconds    gauge      -                      Shared (scheduled backups)
/// atra_backup_size_bytes                        gauge      -                      Shared (the last backup's size)
/// atra_backup_failures_total                    counter    -                      Shared (failed scheduled backups)
/// atra_retention_pruned_rows_total              counter    table                  Shared (retention worker; table = policy name)
/// atra_candle_gaps_total                        counter    symbol, interval       MarketData (missing candles between two received)
/// atra_candle_duplicates_total                  counter    symbol, interval       MarketData (candles received again or out of order)
/// atra_candle_ohlc_errors_total                 counter    symbol, interval       MarketData (prices that contradict each other)
/// atra_candle_stale_series                      gauge      interval               Health (series whose next candle is overdue)
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

    public static readonly Counter WorkerFailures = Prometheus.Metrics.CreateCounter(
        "atra_worker_failures_total", "Failed worker steps or ticks (each is logged and retried after a back-off), by worker.", "worker");

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

    public static readonly Counter TelegramPaidMessages = Prometheus.Metrics.CreateCounter(
        "atra_telegram_paid_messages_total", "Telegram messages sent over the free rate with allow_paid_broadcast (0.1 Star each).");

    public static readonly Counter LoginFailures = Prometheus.Metrics.CreateCounter(
        "atra_auth_login_failures_total", "Failed logins (wrong user name or password, locked account).");

    public static readonly Counter Lockouts = Prometheus.Metrics.CreateCounter(
        "atra_auth_lockouts_total", "Accounts locked after too many failed logins.");

    public static readonly Gauge WorkerHeartbeatAge = Prometheus.Metrics.CreateGauge(
        "atra_worker_heartbeat_age_seconds", "Seconds since each worker's last heartbeat, read at scrape time.", "worker");

    public static readonly Gauge HealthStatus = Prometheus.Metrics.CreateGauge(
        "atra_health_status", "Latest health check verdict per component: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", "component");

    public static readonly Gauge MlModelVersion = Prometheus.Metrics.CreateGauge(
        "atra_ml_model_version", "Registry version of the champion model serving predictions; 0 when no model is active.");

    public static readonly Gauge MlModelCreated = Prometheus.Metrics.CreateGauge(
        "atra_ml_model_created_timestamp_seconds", "When the serving champion was trained (Unix seconds); 0 when no model is active.");

    public static readonly Gauge MlModelMaxAge = Prometheus.Metrics.CreateGauge(
        "atra_ml_model_max_age_seconds", "MLOps:MaxModelAge in seconds: a champion older than this is due for retraining.");

    public static readonly Counter MlPredictions = Prometheus.Metrics.CreateCounter(
        "atra_ml_predictions_total", "Predictions of the champion model, by whether every input lay inside the training range.", "range");

    public static readonly Histogram MlPredictionDuration = Prometheus.Metrics.CreateHistogram(
        "atra_ml_prediction_duration_seconds", "Duration of one prediction (features, pooled engine, calibration).",
        new HistogramConfiguration
        {
            Buckets = [0.000_002, 0.000_005, 0.000_01, 0.000_02, 0.000_05, 0.000_1, 0.000_5, 0.001, 0.01],
        });

    public static readonly Gauge MlDriftPValue = Prometheus.Metrics.CreateGauge(
        "atra_ml_drift_p_value", "KS p-value of each feature at the latest drift check.", "feature");

    public static readonly Gauge MlDriftDetected = Prometheus.Metrics.CreateGauge(
        "atra_ml_drift_detected", "1 when the latest drift check found drift (a feature's p-value below the Bonferroni threshold, or concept drift).");

    public static readonly Gauge MlDriftChecked = Prometheus.Metrics.CreateGauge(
        "atra_ml_drift_checked_timestamp_seconds", "When the latest drift check ran (Unix seconds).");

    public static readonly Gauge BackupScheduled = Prometheus.Metrics.CreateGauge(
        "atra_backup_scheduled", "1 when Storage:BackupSchedule takes scheduled backups in this process.");

    public static readonly Gauge BackupLastSuccess = Prometheus.Metrics.CreateGauge(
        "atra_backup_last_success_timestamp_seconds", "Unix time of the last scheduled backup that succeeded (0: none since the start).");

    public static readonly Gauge BackupSize = Prometheus.Metrics.CreateGauge(
        "atra_backup_size_bytes", "Size of the last scheduled backup.");

    public static readonly Counter BackupFailures = Prometheus.Metrics.CreateCounter(
        "atra_backup_failures_total", "Scheduled backups that failed.");

    public static readonly Counter RetentionPruned = Prometheus.Metrics.CreateCounter(
        "atra_retention_pruned_rows_total", "Rows deleted by the retention worker, by policy (telegram_outbox, refresh_tokens, backtest_runs …).", "table");

    public static readonly Counter CandleGaps = Prometheus.Metrics.CreateCounter(
        "atra_candle_gaps_total", "Missing candles between two received, by symbol and interval.", "symbol", "interval");

    public static readonly Counter CandleDuplicates = Prometheus.Metrics.CreateCounter(
        "atra_candle_duplicates_total", "Candles received again or older than the newest, by symbol and interval.", "symbol", "interval");

    public static readonly Counter CandleOhlcErrors = Prometheus.Metrics.CreateCounter(
        "atra_candle_ohlc_errors_total", "Candles whose open/high/low/close/volume contradict each other, by symbol and interval.", "symbol", "interval");

    public static readonly Gauge CandleStaleSeries = Prometheus.Metrics.CreateGauge(
        "atra_candle_stale_series", "Symbols of an interval whose next candle is overdue (Health:DataQualityStaleGrace).", "interval");
}
