namespace Atra.Modules.Telegram.Ports;

/// <summary>A subscriber as the bot needs them: who they are on Telegram and the settings that shape their signals.</summary>
internal sealed record BotUser(
    long Id,
    long TelegramId,
    string? Username,
    string Language,
    string RiskTolerance,
    string FilterMode,
    string TradeMode,
    int Leverage,
    decimal Deposit,
    bool IsActive,
    bool IsAdmin);
