using Prometheus;

namespace Atra.Modules.Telegram;

/// <summary>
/// The bot's metrics. Names, help texts and labels are exactly those of the shared metric table (Health's
/// <c>AtraMetrics</c>), so prometheus-net hands both the same series whichever registers first.
/// </summary>
internal static class TelegramMetrics
{
    public static readonly Counter Sent = Metrics.CreateCounter(
        "atra_telegram_messages_sent_total", "Telegram messages delivered.");

    public static readonly Counter Failed = Metrics.CreateCounter(
        "atra_telegram_messages_failed_total", "Telegram messages that failed for good, by reason.", "reason");

    public static readonly Counter RateLimited = Metrics.CreateCounter(
        "atra_telegram_rate_limited_total", "Telegram answers of HTTP 429 (Too Many Requests).");

    public static readonly Gauge OutboxDepth = Metrics.CreateGauge(
        "atra_telegram_outbox_depth", "Telegram messages waiting in the outbox.");
}
