namespace Atra.Modules.Telegram.Ports;

/// <summary>A position as /positions and /history show it. <see cref="ProfitPct"/> is on margin, null while open.</summary>
internal sealed record PositionView(
    long Id,
    long SignalId,
    string Symbol,
    string Side,
    decimal EntryPrice,
    decimal Quantity,
    int Leverage,
    decimal? CurrentPrice,
    decimal Pnl,
    decimal? ProfitPct,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt);
