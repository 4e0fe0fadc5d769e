using Atra.Modules.Shared.Metrics;
using Prometheus;

namespace Atra.Modules.Telegram;

/// <summary>
/// The bot's metrics: the shared definitions of <c>AtraMetrics</c>, so the dashboards and alerts see them (Health's
/// <c>AtraMetrics</c>), so prometheus-net hands both the same series whichever registers first.
/// </summary>
internal static class TelegramMetrics
{
    public static Counter Sent => AtraMetrics.TelegramSent;

    public static Counter Failed => AtraMetrics.TelegramFailed;

    public static Counter RateLimited => AtraMetrics.TelegramRateLimited;

    public static Counter PaidMessages => AtraMetrics.TelegramPaidMessages;

    public static Gauge OutboxDepth => AtraMetrics.TelegramOutboxDepth;

    public static Histogram RequestDuration => AtraMetrics.TelegramRequestDuration;
}
