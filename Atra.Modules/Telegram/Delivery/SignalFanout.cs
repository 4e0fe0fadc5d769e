using System.Data.Common;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Telegram.Bot;
using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Telegram.Delivery;

/// <summary>
/// One signal → one personal message per eligible subscriber, sized for their deposit, risk tolerance, leverage and
/// trade mode. The offer rows and the outbox rows are written in one transaction, keyed <c>signal:{id}:user:{telegramId}</c>,
/// so a repeated notification (a restart, a replay) queues nothing twice. With the outbox on Redis the messages are
/// queued right after the commit, for already-offered users too: the outbox's keys skip what is queued already, and a
/// crash between the commit and the queueing is made good by the next notification of the same signal.
/// Each configured channel (<c>Telegram:Channels</c>) gets one post of the signal first, keyed
/// <c>signal:{id}:channel:{chatId}</c>: one call reaches every member, however many, while the personal messages
/// follow at Telegram's per-bot rate, as bulk (<see cref="OutboxPriority.Bulk"/>) behind interactive replies.
/// </summary>
internal sealed partial class SignalFanout(TelegramBot bot, IMediator mediator, IDbConnectionFactory connections, SignalDeliveryStore store, TelegramOutbox outbox,
    IOptions<TelegramOptions> options, ILogger<SignalFanout> logger)
{
    public static string DedupKey(long signalId, long telegramId) => $"signal:{signalId}:user:{telegramId}";

    public static string ChannelDedupKey(long signalId, long channelId) => $"signal:{signalId}:channel:{channelId}";

    /// <summary>Queues the signal for every eligible subscriber; returns how many messages were newly queued.</summary>
    public async Task<int> DeliverAsync(SignalOffer offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (!bot.Enabled)
        {
            // No bot, no subscribers to reach: queueing would only grow a table nobody drains.
            return 0;
        }
        var side = TradeSideText.ParseSide(offer.Side);
        // Users decides who takes a signal of this filter mode (strict users only strict ones).
        var recipients = await mediator.Send(new ListSignalRecipients(offer.FilterMode == "strict"), cancellationToken).ConfigureAwait(false);
        var channels = options.Value.Channels;
        var messages = new List<OutboxMessage>(channels.Length + recipients.Count);
        if (channels.Length > 0)
        {
            var post = SignalMessageFormatter.FormatForChannel(offer, options.Value.ChannelLanguage);
            foreach (var channel in channels)
            {
                messages.Add(new OutboxMessage(ChannelDedupKey(offer.SignalId, channel), channel, post) { Priority = OutboxPriority.Channel });
            }
        }
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connections.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await store.SaveSignalAsync(connection, transaction, offer, cancellationToken).ConfigureAwait(false);
        var skippedSpot = 0;
        foreach (var user in recipients)
        {
            if (user.TelegramId is not { } telegramId)
            {
                continue;
            }
            var s = user.Settings;
            var mode = s.TradeMode == "spot" ? TradeMode.Spot : TradeMode.Futures;
            if (mode == TradeMode.Spot && side == TradeSide.Short)
            {
                // A spot account cannot short: the signal is not for them.
                skippedSpot++;
                continue;
            }
            var size = await mediator.Send(new SizePositionQuery(new PositionSizeRequest(
                s.Deposit, ParseTolerance(s.RiskTolerance), s.Leverage, mode, side, offer.Entry, offer.StopLoss, offer.Dca, LotRules.None)), cancellationToken).ConfigureAwait(false);
            if (!await store.AddDeliveryAsync(connection, transaction, offer.SignalId, telegramId, size.Quantity, size.Leverage, cancellationToken).ConfigureAwait(false)
                && outbox.InDatabase)
            {
                continue;
            }
            var text = SignalMessageFormatter.Format(offer, size, s.Language);
            var keyboard = size.Allowed ? Keyboards.ToJson(Keyboards.Signal(s.Language, offer.SignalId)) : null;
            messages.Add(new OutboxMessage(DedupKey(offer.SignalId, telegramId), telegramId, text, keyboard) { Priority = OutboxPriority.Bulk });
        }
        var added = outbox.InDatabase ? await outbox.EnqueueAsync(connection, transaction, messages, cancellationToken).ConfigureAwait(false) : 0;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (!outbox.InDatabase)
        {
            added = await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        }
        outbox.Notify();
        LogFannedOut(logger, offer.SignalId, offer.Symbol, offer.Side, offer.FilterMode, added, recipients.Count, skippedSpot, channels.Length);
        return added;
    }

    private static RiskTolerance ParseTolerance(string text) => text switch
    {
        "low" => RiskTolerance.Low,
        "high" => RiskTolerance.High,
        _ => RiskTolerance.Medium,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal {SignalId} {Symbol} {Side} ({FilterMode}): {Queued} messages queued for {Recipients} recipients and {Channels} channels ({SkippedSpot} spot accounts skipped a short)")]
    private static partial void LogFannedOut(ILogger logger, long signalId, string symbol, string side, string filterMode, int queued, int recipients, int skippedSpot, int channels);
}
