using System.Globalization;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Telegram.Bot;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Telegram.Delivery;

/// <summary>
/// The Signals module's notifications, turned into Telegram deliveries. A Telegram failure is logged here and never
/// reaches the signal scanner: signal generation must not stop because a message could not be queued.
/// </summary>
internal sealed partial class SignalNotificationsHandler(SignalFanout fanout, LifecycleNotifier lifecycle, TokenScrubber scrubber, ILogger<SignalNotificationsHandler> logger) :
    INotificationHandler<SignalGenerated>,
    INotificationHandler<SignalTp1Hit>,
    INotificationHandler<SignalDcaFilled>,
    INotificationHandler<SignalClosed>
{
    public async ValueTask Handle(SignalGenerated notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var offer = new SignalOffer(
            notification.SignalId, notification.Symbol, notification.Side.ToText(), notification.Mode == FilterMode.Strict ? "strict" : "soft",
            notification.Entry, notification.StopLoss, notification.Tp1, notification.Tp2, notification.Dca, Verdicts(notification.Features));
        await GuardAsync(notification.SignalId, () => fanout.DeliverAsync(offer, cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask Handle(SignalTp1Hit notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await GuardAsync(notification.SignalId, () => lifecycle.NotifyAsync(new SignalLifecycleNotice(notification.SignalId, "tp1", notification.Price), cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask Handle(SignalDcaFilled notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await GuardAsync(notification.SignalId, () => lifecycle.NotifyAsync(new SignalLifecycleNotice(notification.SignalId, "dca", notification.Price, AverageEntry: notification.AverageEntry), cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask Handle(SignalClosed notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        // ProfitPct is a fraction (STRATEGY.md "Profit"); users read percent.
        var pct = double.IsFinite(notification.ProfitPct) ? Math.Round((decimal)notification.ProfitPct * 100m, 2) : (decimal?)null;
        await GuardAsync(notification.SignalId, () => lifecycle.NotifyAsync(
            new SignalLifecycleNotice(notification.SignalId, "closed", notification.ExitPrice, notification.Reason.ToText(), pct), cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The verdicts the message lists: the filter inputs as the signal saw them (NaN: the filter had no answer).</summary>
    internal static IReadOnlyList<SignalVerdict> Verdicts(SignalFeatures f) =>
    [
        new("BTC", true, f.BtcTrend.ToText()),
        Value("Anomaly", f.AnomalyScore, "0.00"),
        Value("Whales", f.WhaleImpact, "0.00"),
        Value("News", f.NewsImpact, "0.00"),
        Value("ML", f.MlProbability, "0.00"),
    ];

    private static SignalVerdict Value(string name, double value, string format) =>
        double.IsNaN(value) ? new SignalVerdict(name, false, "n/a") : new SignalVerdict(name, true, value.ToString(format, CultureInfo.InvariantCulture));

    private async Task GuardAsync(long signalId, Func<Task<int>> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, signalId, scrubber.Describe(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram could not queue the messages of signal {SignalId}: {Error}")]
    private static partial void LogFailed(ILogger logger, long signalId, string error);
}
