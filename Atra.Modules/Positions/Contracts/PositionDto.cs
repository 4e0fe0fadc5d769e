namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// A user's position on a signal. <see cref="EntryPrice"/> is the average entry, <see cref="Quantity"/> the total
/// entered (initial + DCA), <see cref="OpenQuantity"/> what is still held. <see cref="RealizedPnl"/> is net of fees;
/// <see cref="UnrealizedPnl"/> is the open quantity marked at <see cref="CurrentPrice"/> (no exit fee).
/// <see cref="ProfitPct"/> is realized PnL / entry notional, set once closed (STRATEGY.md's profit_pct for this user).
/// </summary>
public sealed record PositionDto(
    long Id,
    long UserId,
    long SignalId,
    string Symbol,
    string Side,
    string Status,
    decimal EntryPrice,
    decimal Quantity,
    decimal InitialQuantity,
    decimal OpenQuantity,
    decimal EntryNotional,
    int Leverage,
    decimal Margin,
    decimal Tp1Price,
    decimal Tp2Price,
    decimal SlPrice,
    decimal? StopPrice,
    decimal? CurrentPrice,
    decimal UnrealizedPnl,
    decimal RealizedPnl,
    decimal? ProfitPct,
    string? ExitReason,
    decimal? ExitPrice,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<TransactionDto>? Transactions = null);
