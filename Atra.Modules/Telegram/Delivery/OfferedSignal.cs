namespace Atra.Modules.Telegram.Delivery;

/// <summary>A stored offer of one signal to one user, with the user's answer so far.</summary>
internal sealed record OfferedSignal(long SignalId, string Symbol, string Side, string FilterMode, decimal Entry, decimal StopLoss, decimal Tp1, decimal Tp2,
    decimal Quantity, int Leverage, string? Decision, long? PositionId, DateTimeOffset OfferedAt);
