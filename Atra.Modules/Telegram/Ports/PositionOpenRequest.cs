namespace Atra.Modules.Telegram.Ports;

/// <summary>Accepting a signal: the user, the signal as offered and the size shown to them.</summary>
internal sealed record PositionOpenRequest(
    long UserId,
    long TelegramId,
    long SignalId,
    string Symbol,
    string Side,
    decimal Entry,
    decimal StopLoss,
    decimal Tp1,
    decimal Tp2,
    decimal Quantity,
    int Leverage,
    decimal Margin);
