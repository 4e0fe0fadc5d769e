using System.Globalization;
using System.Text;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Logging;
using Atra.Modules.Telegram.Delivery;
using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Telegram.Ports;
using Atra.Modules.Telegram.Texts;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Atra.Modules.Telegram.Bot;

/// <summary>
/// Turns one Telegram update into calls on the Users, Risk and Positions modules and replies. Replies go through the
/// outbox keyed by the update id, so an update handled twice (a restart before the offset was saved) answers once.
/// No business rule lives here: validation of settings is the Users module's, sizing is Risk's, positions are Positions'.
/// </summary>
internal sealed partial class UpdateHandler(
    IMediator mediator,
    TelegramBot bot,
    TelegramOutbox outbox,
    SignalDeliveryStore deliveries,
    IPositionsGateway positions,
    IHealthSummary health,
    TelegramStateStore state,
    ILogger<UpdateHandler> logger)
{
    private static readonly string[] RiskValues = ["low", "medium", "high"];
    private static readonly string[] FilterValues = ["soft", "strict"];
    private static readonly string[] TradeValues = ["spot", "futures"];

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Message is { Text: { } text, From: { } from, Chat.Type: ChatType.Private } message)
        {
            using var _ = AtraLogContext.Push("telegram", "message", from.Id);
            // Replies are keyed by the message (chat and message id), never by update_id, which Telegram reuses (ids
            // restart after a quiet week, and a webhook change starts a new sequence): a reused id must not make a
            // later reply look like a duplicate, while a redelivered update is still answered once.
            await OnMessageAsync(FormattableString.Invariant($"msg:{message.Chat.Id}:{message.Id}"), message.Chat.Id, from, text.Trim(), cancellationToken).ConfigureAwait(false);
        }
        else if (update.CallbackQuery is { Data: { } data, From: { } cbFrom } callback)
        {
            using var _ = AtraLogContext.Push("telegram", "callback", cbFrom.Id);
            await OnCallbackAsync("cb:" + callback.Id, callback, data, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OnMessageAsync(string origin, long chatId, User from, string text, CancellationToken ct)
    {
        var reply = new Replier(outbox, origin, chatId);
        if (!text.StartsWith('/'))
        {
            await OnPlainTextAsync(reply, from, text, ct).ConfigureAwait(false);
            return;
        }
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var command = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var at = command.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            command = command[..at];
        }
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();

        if (command == "/start")
        {
            var known = await mediator.Send(new GetUserByTelegramId(from.Id), ct).ConfigureAwait(false);
            var language = known?.Settings.Language ?? BotTexts.Normalize(from.LanguageCode);
            await reply.SendAsync(BotTexts.Get(language, "choose_language"), Keyboards.Language(), ct).ConfigureAwait(false);
            return;
        }
        var user = await mediator.Send(new GetUserByTelegramId(from.Id), ct).ConfigureAwait(false);
        if (user is null || !user.IsActive)
        {
            await reply.SendAsync(InactiveText(user, from), null, ct).ConfigureAwait(false);
            return;
        }
        var lang = user.Settings.Language;
        switch (command)
        {
            case "/help":
                await reply.SendAsync(BotTexts.Get(lang, "help"), null, ct).ConfigureAwait(false);
                break;
            case "/settings":
                await reply.SendAsync(SettingsText(user), Keyboards.Settings(lang), ct).ConfigureAwait(false);
                break;
            case "/signals":
                await reply.SendAsync(await SignalsTextAsync(user, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
                break;
            case "/positions":
                await reply.SendAsync(await PositionsTextAsync(user, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
                break;
            case "/close":
                await CloseCommandAsync(reply, user, argument, ct).ConfigureAwait(false);
                break;
            case "/stats":
                await reply.SendAsync(await StatsTextAsync(user, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
                break;
            case "/history":
                await reply.SendAsync(await HistoryTextAsync(user, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
                break;
            case "/admin":
                await reply.SendAsync(user.IsAdmin ? await AdminTextAsync(lang, ct).ConfigureAwait(false) : BotTexts.Get(lang, "admin_only"), null, ct).ConfigureAwait(false);
                break;
            case "/broadcast":
                await BroadcastAsync(reply, user, origin, argument, ct).ConfigureAwait(false);
                break;
            default:
                await reply.SendAsync(BotTexts.Get(lang, "unknown_command"), null, ct).ConfigureAwait(false);
                break;
        }
    }

    private async Task OnPlainTextAsync(Replier reply, User from, string text, CancellationToken ct)
    {
        var user = await mediator.Send(new GetUserByTelegramId(from.Id), ct).ConfigureAwait(false);
        if (user is null || !user.IsActive)
        {
            await reply.SendAsync(InactiveText(user, from), null, ct).ConfigureAwait(false);
            return;
        }
        var lang = user.Settings.Language;
        if (await state.GetAsync(DepositKey(from.Id), ct).ConfigureAwait(false) is null)
        {
            await reply.SendAsync(BotTexts.Get(lang, "unknown_command"), null, ct).ConfigureAwait(false);
            return;
        }
        if (DepositParser.Parse(text) is not { } deposit)
        {
            await reply.SendAsync(BotTexts.Get(lang, "deposit_invalid"), null, ct).ConfigureAwait(false);
            return;
        }
        var saved = await TryUpdateAsync(user, new UserSettingsChange(Deposit: deposit), ct).ConfigureAwait(false);
        if (saved is null)
        {
            await reply.SendAsync(BotTexts.Get(lang, "deposit_invalid"), null, ct).ConfigureAwait(false);
            return;
        }
        await state.RemoveAsync(DepositKey(from.Id), ct).ConfigureAwait(false);
        await reply.SendAsync(BotTexts.Format(lang, "setting_saved", BotTexts.Get(lang, "btn_deposit"), SignalMessageFormatter.Number(saved.Settings.Deposit) + " USDT"), null, ct).ConfigureAwait(false);
    }

    private async Task OnCallbackAsync(string origin, CallbackQuery callback, string data, CancellationToken ct)
    {
        var from = callback.From;
        var chatId = callback.Message?.Chat.Id ?? from.Id;
        var reply = new Replier(outbox, origin, chatId);
        var parts = data.Split(':');
        var user = await mediator.Send(new GetUserByTelegramId(from.Id), ct).ConfigureAwait(false);
        string? answer = null;
        var alert = false;

        if (parts is ["lang", var chosen] && (chosen == BotTexts.English || chosen == BotTexts.Russian))
        {
            user = await mediator.Send(new RegisterTelegramUser(from.Id, from.Username, chosen), ct).ConfigureAwait(false);
            if (!user.IsActive)
            {
                // Deactivated by an admin: /start does not bring them back (the Users module decides).
                answer = BotTexts.Get(chosen, "account_disabled");
                alert = true;
                await reply.SendAsync(answer, null, ct).ConfigureAwait(false);
            }
            else
            {
                if (user.Settings.Language != chosen)
                {
                    user = await TryUpdateAsync(user, new UserSettingsChange(Language: chosen), ct).ConfigureAwait(false) ?? user;
                }
                answer = BotTexts.Get(chosen, "language_set");
                await reply.SendAsync(BotTexts.Get(chosen, "registered"), null, ct).ConfigureAwait(false);
            }
        }
        else if (user is null || !user.IsActive)
        {
            answer = InactiveText(user, from);
            alert = true;
        }
        else
        {
            (answer, alert) = await OnUserCallbackAsync(reply, user, callback, parts, ct).ConfigureAwait(false);
        }
        await AnswerAsync(callback.Id, answer, alert, ct).ConfigureAwait(false);
    }

    /// <summary>What an unknown or inactive user is told: subscribe with /start, unless an admin turned them off.</summary>
    private static string InactiveText(UserDto? user, User from)
    {
        var language = user?.Settings.Language ?? BotTexts.Normalize(from.LanguageCode);
        return user is { IsActive: false, ReactivatesOnStart: false }
            ? BotTexts.Get(language, "account_disabled")
            : BotTexts.Get(language, "not_registered");
    }

    private async Task<(string? Answer, bool Alert)> OnUserCallbackAsync(Replier reply, UserDto user, CallbackQuery callback, string[] parts, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        switch (parts)
        {
            case ["set", "risk"]:
                await reply.SendAsync(BotTexts.Get(lang, "choose_risk"), Keyboards.Choices("risk", RiskValues), ct).ConfigureAwait(false);
                return (null, false);
            case ["set", "filter"]:
                await reply.SendAsync(BotTexts.Get(lang, "choose_filter"), Keyboards.Choices("filter", FilterValues), ct).ConfigureAwait(false);
                return (null, false);
            case ["set", "trade"]:
                await reply.SendAsync(BotTexts.Get(lang, "choose_trade"), Keyboards.Choices("trade", TradeValues), ct).ConfigureAwait(false);
                return (null, false);
            case ["set", "lev"]:
                await reply.SendAsync(BotTexts.Get(lang, "choose_leverage"), Keyboards.Leverage(), ct).ConfigureAwait(false);
                return (null, false);
            case ["set", "lang"]:
                await reply.SendAsync(BotTexts.Get(lang, "choose_language"), Keyboards.Language(), ct).ConfigureAwait(false);
                return (null, false);
            case ["set", "dep"]:
                await state.SetAsync(DepositKey(user.TelegramId!.Value), "1", ct).ConfigureAwait(false);
                await reply.SendAsync(BotTexts.Get(lang, "ask_deposit"), null, ct).ConfigureAwait(false);
                return (null, false);
            case ["risk", var v]:
                return await SaveAsync(reply, user, "btn_risk", v, new UserSettingsChange(RiskTolerance: v), ct).ConfigureAwait(false);
            case ["filter", var v]:
                return await SaveAsync(reply, user, "btn_filter", v, new UserSettingsChange(FilterMode: v), ct).ConfigureAwait(false);
            case ["trade", var v]:
                return await SaveAsync(reply, user, "btn_trade", v, new UserSettingsChange(TradeMode: v), ct).ConfigureAwait(false);
            case ["lev", var v] when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var leverage):
                return await SaveAsync(reply, user, "btn_leverage", v + "x", new UserSettingsChange(Leverage: leverage), ct).ConfigureAwait(false);
            case ["sig", var id, var action] when long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var signalId) && action is "a" or "s":
                return await OnSignalAnswerAsync(reply, user, callback, signalId, action == "a", ct).ConfigureAwait(false);
            case ["close", var id] when long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var positionId):
                await reply.SendAsync(await CloseTextAsync(user, positionId, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
                return (null, false);
            default:
                LogRefusedCallback(logger, user.TelegramId ?? 0, string.Join(':', parts));
                return (BotTexts.Get(lang, "callback_refused"), true);
        }
    }

    private async Task<(string? Answer, bool Alert)> SaveAsync(Replier reply, UserDto user, string labelKey, string shown, UserSettingsChange change, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var saved = await TryUpdateAsync(user, change, ct).ConfigureAwait(false);
        if (saved is null)
        {
            return (BotTexts.Get(lang, "callback_refused"), true);
        }
        var text = BotTexts.Format(lang, "setting_saved", BotTexts.Get(lang, labelKey), shown);
        await reply.SendAsync(text, null, ct).ConfigureAwait(false);
        return (text, false);
    }

    private async Task<(string? Answer, bool Alert)> OnSignalAnswerAsync(Replier reply, UserDto user, CallbackQuery callback, long signalId, bool accept, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var telegramId = user.TelegramId!.Value;
        var offer = await deliveries.FindOfferAsync(signalId, telegramId, ct).ConfigureAwait(false);
        if (offer is null)
        {
            // Not offered to this user: a forged or foreign button.
            LogRefusedCallback(logger, telegramId, $"sig:{signalId}");
            return (BotTexts.Get(lang, "callback_refused"), true);
        }
        if (offer.Decision is not null)
        {
            return (offer.PositionId is { } existing ? BotTexts.Format(lang, "already_accepted", existing) : BotTexts.Get(lang, "already_decided"), false);
        }
        string confirmation;
        if (accept)
        {
            var margin = offer.Leverage > 0 ? offer.Quantity * offer.Entry / offer.Leverage : 0m;
            var opened = await positions.OpenAsync(new PositionOpenRequest(user.Id, telegramId, signalId, offer.Symbol, offer.Side, offer.Entry, offer.StopLoss, offer.Tp1, offer.Tp2, offer.Quantity, offer.Leverage, margin), ct).ConfigureAwait(false);
            if (opened.PositionId is not { } positionId)
            {
                return (RefusalText(lang, opened.Error), true);
            }
            await deliveries.DecideAsync(signalId, telegramId, "accepted", positionId, ct).ConfigureAwait(false);
            // What was booked, exactly: the same sizing as the offer, at the current price.
            confirmation = BotTexts.Format(lang, "accepted", offer.Symbol, offer.Side.ToUpperInvariant(), positionId,
                SignalMessageFormatter.Number(opened.Quantity), SignalMessageFormatter.Price(opened.Price));
        }
        else
        {
            await deliveries.DecideAsync(signalId, telegramId, "skipped", null, ct).ConfigureAwait(false);
            confirmation = BotTexts.Format(lang, "skipped", offer.Symbol, offer.Side.ToUpperInvariant());
        }
        // The signal message keeps its text and loses its buttons, so it cannot be answered twice.
        if (callback.Message is { MessageId: var messageId, Text: { } original })
        {
            await reply.EditAsync(messageId, original + "\n\n" + confirmation, ct).ConfigureAwait(false);
        }
        await reply.SendAsync(confirmation, null, ct).ConfigureAwait(false);
        return (confirmation, false);
    }

    /// <summary>Why Accept was refused, in the user's language (a late accept says which rule refused it).</summary>
    private static string RefusalText(string lang, string? error) => error switch
    {
        "signal_tp1_hit" => BotTexts.Get(lang, "accept_refused_tp1"),
        "signal_closed" => BotTexts.Get(lang, "accept_refused_closed"),
        { } moved when moved.StartsWith("price_moved:", StringComparison.Ordinal) => BotTexts.Format(lang, "accept_refused_moved", moved["price_moved:".Length..]),
        _ => BotTexts.Format(lang, "accept_failed", error),
    };

    private async Task CloseCommandAsync(Replier reply, UserDto user, string argument, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        if (long.TryParse(argument.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var positionId))
        {
            await reply.SendAsync(await CloseTextAsync(user, positionId, ct).ConfigureAwait(false), null, ct).ConfigureAwait(false);
            return;
        }
        var open = await positions.ListOpenAsync(user.Id, ct).ConfigureAwait(false);
        if (open.Count == 0)
        {
            await reply.SendAsync(BotTexts.Get(lang, "no_positions"), null, ct).ConfigureAwait(false);
            return;
        }
        var keyboard = Keyboards.Close(open.Select(p => (p.Id, $"#{p.Id} {p.Symbol} {p.Side.ToUpperInvariant()}")));
        await reply.SendAsync(BotTexts.Get(lang, "close_choose"), keyboard, ct).ConfigureAwait(false);
    }

    private async Task<string> CloseTextAsync(UserDto user, long positionId, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var result = await positions.CloseAsync(user.Id, positionId, ct).ConfigureAwait(false);
        return result is { Closed: true, Position: { } p }
            ? BotTexts.Format(lang, "closed_manual", p.Id, p.Symbol, SignalMessageFormatter.Money(p.Pnl))
            : BotTexts.Format(lang, "close_not_found", positionId);
    }

    private async Task BroadcastAsync(Replier reply, UserDto admin, string origin, string text, CancellationToken ct)
    {
        var lang = admin.Settings.Language;
        if (!admin.IsAdmin)
        {
            await reply.SendAsync(BotTexts.Get(lang, "admin_only"), null, ct).ConfigureAwait(false);
            return;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            await reply.SendAsync(BotTexts.Get(lang, "broadcast_usage"), null, ct).ConfigureAwait(false);
            return;
        }
        var recipients = await mediator.Send(new ListSignalRecipients(SignalPassedStrict: true), ct).ConfigureAwait(false);
        var messages = recipients.Where(u => u.TelegramId is not null)
            .Select(u => new OutboxMessage($"broadcast:{origin}:user:{u.TelegramId}", u.TelegramId!.Value, text) { Priority = OutboxPriority.Bulk })
            .ToList();
        await outbox.EnqueueAsync(messages, ct).ConfigureAwait(false);
        LogBroadcast(logger, admin.Id, messages.Count);
        await reply.SendAsync(BotTexts.Format(lang, "broadcast_queued", messages.Count), null, ct).ConfigureAwait(false);
    }

    private static string SettingsText(UserDto user)
    {
        var s = user.Settings;
        return BotTexts.Format(s.Language, "settings", s.RiskTolerance, s.FilterMode, s.TradeMode, s.Leverage, SignalMessageFormatter.Number(s.Deposit));
    }

    private async Task<string> SignalsTextAsync(UserDto user, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var offers = await deliveries.RecentOffersAsync(user.TelegramId!.Value, 10, ct).ConfigureAwait(false);
        if (offers.Count == 0)
        {
            return BotTexts.Get(lang, "no_signals");
        }
        var b = new StringBuilder(BotTexts.Get(lang, "signals_header"));
        foreach (var o in offers)
        {
            var decision = BotTexts.Get(lang, o.Decision switch { "accepted" => "decision_accepted", "skipped" => "decision_skipped", _ => "decision_open" });
            b.Append('\n').Append(CultureInfo.InvariantCulture, $"{o.OfferedAt:yyyy-MM-dd HH:mm} {o.Symbol} {o.Side.ToUpperInvariant()} ({o.FilterMode}) Entry {SignalMessageFormatter.Price(o.Entry)} — {decision}");
        }
        return b.ToString();
    }

    private async Task<string> PositionsTextAsync(UserDto user, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var open = await positions.ListOpenAsync(user.Id, ct).ConfigureAwait(false);
        if (open.Count == 0)
        {
            return BotTexts.Get(lang, "no_positions");
        }
        var b = new StringBuilder(BotTexts.Get(lang, "positions_header"));
        foreach (var p in open)
        {
            b.Append('\n').Append(BotTexts.Format(lang, "position_line", p.Id, p.Symbol, p.Side.ToUpperInvariant(), SignalMessageFormatter.Price(p.EntryPrice), SignalMessageFormatter.Number(p.Quantity), p.Leverage, SignalMessageFormatter.Money(p.Pnl)));
        }
        return b.ToString();
    }

    private async Task<string> StatsTextAsync(UserDto user, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var s = await positions.StatsAsync(user.Id, ct).ConfigureAwait(false);
        var na = BotTexts.Get(lang, "undefined");
        return BotTexts.Format(lang, "stats", s.Trades, s.Wins,
            s.WinRatePct is { } w ? w.ToString("0.0", CultureInfo.InvariantCulture) + "%" : na,
            s.AvgProfitPct is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) + "%" : na,
            s.Sharpe is { } sh ? sh.ToString("0.00", CultureInfo.InvariantCulture) : na,
            SignalMessageFormatter.Money(s.TotalPnl), s.OpenPositions);
    }

    private async Task<string> HistoryTextAsync(UserDto user, CancellationToken ct)
    {
        var lang = user.Settings.Language;
        var closed = await positions.HistoryAsync(user.Id, 10, ct).ConfigureAwait(false);
        if (closed.Count == 0)
        {
            return BotTexts.Get(lang, "no_history");
        }
        var b = new StringBuilder(BotTexts.Get(lang, "history_header"));
        foreach (var p in closed)
        {
            var pct = p.ProfitPct is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) + "%" : BotTexts.Get(lang, "undefined");
            b.Append('\n').Append(BotTexts.Format(lang, "history_line", p.Id, p.Symbol, p.Side.ToUpperInvariant(), SignalMessageFormatter.Price(p.EntryPrice), SignalMessageFormatter.Money(p.Pnl), pct));
        }
        return b.ToString();
    }

    private async Task<string> AdminTextAsync(string lang, CancellationToken ct)
    {
        var total = (await mediator.Send(new ListUsers(1, 1), ct).ConfigureAwait(false)).Total;
        var active = (await mediator.Send(new ListUsers(1, 1, IsActive: true), ct).ConfigureAwait(false)).Total;
        var admins = (await mediator.Send(new ListUsers(1, 1, IsAdmin: true), ct).ConfigureAwait(false)).Total;
        var recipients = await mediator.Send(new ListSignalRecipients(SignalPassedStrict: true), ct).ConfigureAwait(false);
        var strict = recipients.Count(u => u.Settings.FilterMode == "strict");
        var futures = recipients.Count(u => u.Settings.TradeMode == "futures");
        var counts = await outbox.CountByStatusAsync(ct).ConfigureAwait(false);
        var waiting = counts.GetValueOrDefault("pending") + counts.GetValueOrDefault("sending");
        var lines = await health.SummarizeAsync(ct).ConfigureAwait(false);
        var healthText = lines.Count == 0 ? BotTexts.Get(lang, "health_none") : string.Join('\n', lines);
        return BotTexts.Format(lang, "admin", total, active, strict, futures, admins, waiting, counts.GetValueOrDefault("sent"), counts.GetValueOrDefault("dropped"), healthText);
    }

    /// <summary>Applies a settings change through the Users module; null when it refuses the value.</summary>
    private async Task<UserDto?> TryUpdateAsync(UserDto user, UserSettingsChange change, CancellationToken ct)
    {
        try
        {
            return await mediator.Send(new UpdateUserSettings(user.Id, change), ct).ConfigureAwait(false);
        }
        catch (AtraProblem problem)
        {
            LogSettingRefused(logger, user.Id, problem.Message);
            return null;
        }
    }

    private async Task AnswerAsync(string callbackId, string? text, bool alert, CancellationToken ct)
    {
        // Answered directly, not through the outbox: Telegram shows a spinner on the button until it is answered,
        // and an answer is not a chat message (it does not count against the chat's rate).
        try
        {
            await bot.Client.AnswerCallbackQuery(callbackId, text, alert, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is global::Telegram.Bot.Exceptions.RequestException or HttpRequestException)
        {
            LogAnswerFailed(logger, ex.GetType().Name);
        }
    }

    private static string DepositKey(long telegramId) => $"await_deposit:{telegramId}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused callback {Data} from Telegram user {TelegramId}: not offered to them or unknown")]
    private static partial void LogRefusedCallback(ILogger logger, long telegramId, string data);

    [LoggerMessage(Level = LogLevel.Information, Message = "Users refused a settings change for user {UserId}: {Detail}")]
    private static partial void LogSettingRefused(ILogger logger, long userId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {UserId} queued a broadcast to {Count} users")]
    private static partial void LogBroadcast(ILogger logger, long userId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "answerCallbackQuery failed ({Error})")]
    private static partial void LogAnswerFailed(ILogger logger, string error);

    /// <summary>Replies to one message or button press through the outbox; the n-th reply to origin o is keyed <c>reply:{o}:{n}</c>.</summary>
    private sealed class Replier(TelegramOutbox outbox, string origin, long chatId)
    {
        private int _n;

        public Task<int> SendAsync(string text, InlineKeyboardMarkup? keyboard, CancellationToken ct) =>
            outbox.EnqueueAsync([new OutboxMessage($"reply:{origin}:{_n++}", chatId, text, keyboard is null ? null : Keyboards.ToJson(keyboard))], ct);

        public Task<int> EditAsync(int messageId, string text, CancellationToken ct) =>
            outbox.EnqueueAsync([new OutboxMessage($"reply:{origin}:{_n++}", chatId, text, null, messageId)], ct);
    }
}
