using System.Globalization;

namespace Atra.Modules.Telegram.Texts;

/// <summary>
/// Every text the bot says, in English and Russian (one row per key; a test checks both exist and take the same
/// placeholders). The level labels Entry, TP1, TP2, SL and DCA are the same in both languages, as in
/// Russian-speaking signal channels.
/// </summary>
internal static class BotTexts
{
    public const string English = "en";
    public const string Russian = "ru";

    public static readonly IReadOnlyDictionary<string, (string En, string Ru)> Table = new Dictionary<string, (string En, string Ru)>(StringComparer.Ordinal)
    {
        ["choose_language"] = ("Welcome to Atra signals! Choose your language:", "Добро пожаловать в сигналы Atra! Выберите язык:"),
        ["registered"] = ("You are subscribed. Signals arrive here with a size for your deposit.\nYour settings: /settings · Help: /help", "Вы подписаны. Сигналы приходят сюда с размером позиции под ваш депозит.\nНастройки: /settings · Помощь: /help"),
        ["not_registered"] = ("Send /start to subscribe first.", "Сначала отправьте /start, чтобы подписаться."),
        ["account_disabled"] = ("Your subscription was turned off by an administrator. Contact them to turn it back on.", "Ваша подписка отключена администратором. Обратитесь к нему, чтобы включить её снова."),
        ["help"] = (
            "/start — subscribe, choose the language\n/settings — risk, filter, trade mode, leverage, deposit\n/signals — recent signals\n/positions — open positions\n/close — close a position\n/stats — win rate, average profit, Sharpe, PnL\n/history — closed positions\n/help — this list",
            "/start — подписка, выбор языка\n/settings — риск, фильтр, режим торговли, плечо, депозит\n/signals — последние сигналы\n/positions — открытые позиции\n/close — закрыть позицию\n/stats — винрейт, средняя прибыль, Шарп, PnL\n/history — закрытые позиции\n/help — этот список"),
        ["unknown_command"] = ("I don't know this command. /help lists what I can do.", "Не знаю такой команды. /help — список команд."),
        ["settings"] = (
            "Your settings:\nRisk tolerance: {0}\nFilter mode: {1}\nTrade mode: {2}\nLeverage: {3}x\nDeposit: {4} USDT\n\nChoose what to change:",
            "Ваши настройки:\nРиск: {0}\nРежим фильтра: {1}\nРежим торговли: {2}\nПлечо: {3}x\nДепозит: {4} USDT\n\nВыберите, что изменить:"),
        ["btn_risk"] = ("Risk tolerance", "Риск"),
        ["btn_filter"] = ("Filter mode", "Режим фильтра"),
        ["btn_trade"] = ("Trade mode", "Режим торговли"),
        ["btn_leverage"] = ("Leverage", "Плечо"),
        ["btn_deposit"] = ("Deposit", "Депозит"),
        ["btn_language"] = ("Language", "Язык"),
        ["btn_accept"] = ("✅ Accept", "✅ Принять"),
        ["btn_skip"] = ("❌ Skip", "❌ Пропустить"),
        ["choose_risk"] = ("Risk tolerance (risk per trade and leverage cap):", "Риск (риск на сделку и предел плеча):"),
        ["choose_filter"] = ("Filter mode: soft receives every signal, strict only those that pass every filter.", "Режим фильтра: soft — все сигналы, strict — только прошедшие все фильтры."),
        ["choose_trade"] = ("Trade mode: spot (no leverage, no shorts) or futures.", "Режим торговли: spot (без плеча и шортов) или futures."),
        ["choose_leverage"] = ("Leverage (futures only; capped by your risk tolerance):", "Плечо (только futures; ограничено вашим уровнем риска):"),
        ["ask_deposit"] = ("Send your deposit in USDT as a number, e.g. 1000 or 2500.50.", "Отправьте депозит в USDT числом, например 1000 или 2500.50."),
        ["deposit_invalid"] = (
            "That is not a deposit I can use. Send a number in USDT above 0 and at most 1000000000, with a dot for decimals and no spaces or commas (e.g. 2500.50).",
            "Такой депозит не подходит. Отправьте число в USDT больше 0 и не больше 1000000000, дробную часть через точку, без пробелов и запятых (например 2500.50)."),
        ["setting_saved"] = ("Saved: {0} = {1}.", "Сохранено: {0} = {1}."),
        ["language_set"] = ("Language: English.", "Язык: русский."),
        ["signal_title"] = ("{0} {1} {2} ({3} filter)", "{0} {1} {2} (фильтр {3})"),
        ["signal_leverage"] = ("Leverage: {0}x", "Плечо: {0}x"),
        ["signal_risk"] = ("Risk: {0}% of deposit ({1} USDT)", "Риск: {0}% депозита ({1} USDT)"),
        ["signal_size"] = ("Size: {0} (≈ {1} USDT, margin {2} USDT)", "Объём: {0} (≈ {1} USDT, маржа {2} USDT)"),
        ["signal_size_none"] = ("Size: not possible for your account ({0})", "Объём: невозможен для вашего счёта ({0})"),
        ["signal_filters"] = ("Filters:", "Фильтры:"),
        ["accepted"] = ("✅ Accepted: {0} {1}, position #{2} opened: {3} at {4}.", "✅ Принято: {0} {1}, открыта позиция #{2}: {3} по {4}."),
        ["accept_refused_tp1"] = ("Too late: this signal already reached TP1, so it is no longer offered.", "Поздно: сигнал уже достиг TP1 и больше не предлагается."),
        ["accept_refused_closed"] = ("Too late: this signal is already closed.", "Поздно: сигнал уже закрыт."),
        ["accept_refused_moved"] = ("Too late: the price has moved {0}% against the signal since it was sent, beyond the allowed limit.", "Поздно: цена ушла против сигнала на {0}% с момента отправки, больше допустимого."),
        ["already_accepted"] = ("This signal is already accepted (position #{0}).", "Этот сигнал уже принят (позиция #{0})."),
        ["skipped"] = ("Skipped: {0} {1}.", "Пропущено: {0} {1}."),
        ["already_decided"] = ("You already answered this signal.", "Вы уже ответили на этот сигнал."),
        ["callback_refused"] = ("This button is not valid for you.", "Эта кнопка недействительна для вас."),
        ["accept_failed"] = ("The position could not be opened: {0}", "Не удалось открыть позицию: {0}"),
        ["tp1_hit"] = ("🎯 {0} {1}: TP1 reached at {2}. Part closed, stop moved to entry (breakeven).", "🎯 {0} {1}: TP1 достигнут по {2}. Часть закрыта, стоп перенесён в безубыток."),
        ["dca_filled"] = ("➕ {0} {1}: DCA filled at {2}; average entry {3}.", "➕ {0} {1}: DCA исполнен по {2}; средняя цена входа {3}."),
        ["closed_take_profit_2"] = ("🏁 {0} {1}: TP2 reached at {2}. Closed, result {3}%.", "🏁 {0} {1}: TP2 достигнут по {2}. Закрыто, результат {3}%."),
        ["closed_stop_loss"] = ("🛑 {0} {1}: SL hit at {2}. Closed, result {3}%.", "🛑 {0} {1}: сработал SL по {2}. Закрыто, результат {3}%."),
        ["closed_breakeven"] = ("⚖️ {0} {1}: stopped at breakeven ({2}) after TP1. Closed, result {3}%.", "⚖️ {0} {1}: закрыто в безубыток ({2}) после TP1. Результат {3}%."),
        ["closed_timeout"] = ("⌛ {0} {1}: time limit reached, closed at {2}. Result {3}%.", "⌛ {0} {1}: истекло время, закрыто по {2}. Результат {3}%."),
        ["closed_end_of_data"] = ("⏹ {0} {1}: tracking ended, closed at {2}. Result {3}%.", "⏹ {0} {1}: отслеживание завершено, закрыто по {2}. Результат {3}%."),
        ["no_signals"] = ("No signals yet.", "Сигналов пока нет."),
        ["signals_header"] = ("Recent signals:", "Последние сигналы:"),
        ["decision_accepted"] = ("accepted", "принят"),
        ["decision_skipped"] = ("skipped", "пропущен"),
        ["decision_open"] = ("no answer", "без ответа"),
        ["no_positions"] = ("No open positions.", "Открытых позиций нет."),
        ["positions_header"] = ("Open positions:", "Открытые позиции:"),
        ["position_line"] = ("#{0} {1} {2} Entry {3}, qty {4}, {5}x, PnL {6} USDT", "#{0} {1} {2} Entry {3}, объём {4}, {5}x, PnL {6} USDT"),
        ["close_choose"] = ("Which position do you want to close?", "Какую позицию закрыть?"),
        ["closed_manual"] = ("Position #{0} {1} closed. PnL {2} USDT.", "Позиция #{0} {1} закрыта. PnL {2} USDT."),
        ["close_not_found"] = ("Position #{0} is not one of your open positions.", "Позиция #{0} не среди ваших открытых."),
        ["stats"] = (
            "Closed trades: {0} (wins {1})\nWin rate: {2}\nAverage profit: {3}\nSharpe (daily returns, ×√365): {4}\nPnL: {5} USDT\nOpen positions: {6}",
            "Закрытых сделок: {0} (прибыльных {1})\nВинрейт: {2}\nСредняя прибыль: {3}\nШарп (дневная доходность, ×√365): {4}\nPnL: {5} USDT\nОткрытых позиций: {6}"),
        ["no_history"] = ("No closed positions yet.", "Закрытых позиций пока нет."),
        ["history_header"] = ("Closed positions:", "Закрытые позиции:"),
        ["history_line"] = ("#{0} {1} {2} Entry {3}, PnL {4} USDT ({5})", "#{0} {1} {2} Entry {3}, PnL {4} USDT ({5})"),
        ["admin_only"] = ("This command is for administrators.", "Эта команда только для администраторов."),
        ["admin"] = (
            "Users: {0} (active {1}, strict {2}, futures {3}, admins {4})\nOutbox: {5} waiting, {6} sent, {7} dropped\nHealth:\n{8}\n\n/broadcast <text> sends a message to every active user.",
            "Пользователи: {0} (активных {1}, strict {2}, futures {3}, админов {4})\nОчередь: {5} ждут, {6} отправлено, {7} отброшено\nЗдоровье:\n{8}\n\n/broadcast <текст> — сообщение всем активным пользователям."),
        ["health_none"] = ("no worker has reported yet", "ни один воркер ещё не отчитался"),
        ["broadcast_usage"] = ("Usage: /broadcast <text>", "Использование: /broadcast <текст>"),
        ["broadcast_queued"] = ("Broadcast queued for {0} users.", "Рассылка поставлена в очередь для {0} пользователей."),
        ["undefined"] = ("n/a", "н/д"),
    };

    public static string Normalize(string? language) => language == Russian ? Russian : English;

    public static string Get(string language, string key)
    {
        if (!Table.TryGetValue(key, out var row))
        {
            throw new KeyNotFoundException($"no bot text '{key}'");
        }
        return Normalize(language) == Russian ? row.Ru : row.En;
    }

    public static string Format(string language, string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(language, key), args);
}
