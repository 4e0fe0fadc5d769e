using System.Text.Json;
using Atra.Modules.Telegram.Texts;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace Atra.Modules.Telegram.Bot;

/// <summary>
/// Inline keyboards and their callback data. Callback data is short and self-describing (Telegram allows 64 bytes):
/// <c>lang:ru</c>, <c>set:risk</c>, <c>risk:high</c>, <c>lev:10</c>, <c>sig:{signalId}:a|s</c>, <c>close:{positionId}</c>.
/// A signal button is honoured only if that signal was offered to the user who pressed it.
/// </summary>
internal static class Keyboards
{
    public static readonly int[] LeverageChoices = [1, 2, 3, 5, 10, 20, 50, 75, 100, 125];

    public static InlineKeyboardMarkup Language() => new(
    [
        [InlineKeyboardButton.WithCallbackData("English", "lang:en"), InlineKeyboardButton.WithCallbackData("Русский", "lang:ru")],
    ]);

    public static InlineKeyboardMarkup Settings(string language) => new(
    [
        [Button(language, "btn_risk", "set:risk"), Button(language, "btn_filter", "set:filter")],
        [Button(language, "btn_trade", "set:trade"), Button(language, "btn_leverage", "set:lev")],
        [Button(language, "btn_deposit", "set:dep"), Button(language, "btn_language", "set:lang")],
    ]);

    public static InlineKeyboardMarkup Choices(string prefix, IEnumerable<string> values) =>
        new([values.Select(v => InlineKeyboardButton.WithCallbackData(v, $"{prefix}:{v}")).ToArray()]);

    public static InlineKeyboardMarkup Leverage() => new(
        LeverageChoices.Chunk(5).Select(row => row.Select(l => InlineKeyboardButton.WithCallbackData($"{l}x", $"lev:{l}")).ToArray()).ToArray());

    public static InlineKeyboardMarkup Signal(string language, long signalId) => new(
    [
        [Button(language, "btn_accept", $"sig:{signalId}:a"), Button(language, "btn_skip", $"sig:{signalId}:s")],
    ]);

    public static InlineKeyboardMarkup Close(IEnumerable<(long Id, string Label)> positions) =>
        new(positions.Select(p => new[] { InlineKeyboardButton.WithCallbackData(p.Label, $"close:{p.Id}") }).ToArray());

    /// <summary>The keyboard as Bot API JSON, for the outbox row.</summary>
    public static string ToJson(InlineKeyboardMarkup markup) => JsonSerializer.Serialize(markup, JsonBotAPI.Options);

    public static InlineKeyboardMarkup? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<InlineKeyboardMarkup>(json, JsonBotAPI.Options);

    private static InlineKeyboardButton Button(string language, string key, string data) =>
        InlineKeyboardButton.WithCallbackData(BotTexts.Get(language, key), data);
}
