using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Telegram.Texts;
using Atra.Modules.Users.Contracts;
using Mediator;

namespace Atra.Modules.Telegram.Delivery;

/// <summary>TP1, DCA and the close of a signal, told to each user who accepted it (once per event and user).</summary>
internal sealed class LifecycleNotifier(IMediator mediator, SignalDeliveryStore store, TelegramOutbox outbox)
{
    public async Task<int> NotifyAsync(SignalLifecycleNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var (signal, acceptors) = await store.AcceptorsAsync(notice.SignalId, cancellationToken).ConfigureAwait(false);
        if (signal is null || acceptors.Count == 0)
        {
            return 0;
        }
        var key = notice.Event switch
        {
            "tp1" => "tp1_hit",
            "dca" => "dca_filled",
            "closed" => "closed_" + (notice.ExitReason ?? "end_of_data"),
            _ => throw new ArgumentException($"'{notice.Event}' is not a lifecycle event (tp1|dca|closed)", nameof(notice)),
        };
        if (!BotTexts.Table.ContainsKey(key))
        {
            key = "closed_end_of_data";
        }
        var messages = new List<OutboxMessage>(acceptors.Count);
        foreach (var telegramId in acceptors)
        {
            var user = await mediator.Send(new GetUserByTelegramId(telegramId), cancellationToken).ConfigureAwait(false);
            if (user is null || !user.IsActive)
            {
                continue;
            }
            var language = user.Settings.Language;
            var text = BotTexts.Format(
                language, key, signal.Symbol, signal.Side.ToUpperInvariant(), SignalMessageFormatter.Price(notice.Price),
                notice.Event == "dca" ? SignalMessageFormatter.Price(notice.AverageEntry ?? notice.Price) : SignalMessageFormatter.Money(notice.ProfitPct ?? 0m));
            messages.Add(new OutboxMessage($"signal:{notice.SignalId}:{notice.Event}:user:{telegramId}", telegramId, text));
        }
        return await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
    }
}
