namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// One fill of a position: <c>open</c>, <c>dca</c>, <c>tp1</c> or <c>close</c>. <see cref="Pnl"/> is the gross PnL
/// of an exit (0 for entries); <see cref="BalanceAfter"/> = <see cref="BalanceBefore"/> + pnl − fee.
/// </summary>
public sealed record TransactionDto(
    long Id,
    long PositionId,
    string Type,
    string Side,
    decimal Price,
    decimal Quantity,
    decimal Fee,
    decimal Pnl,
    decimal BalanceBefore,
    decimal BalanceAfter,
    DateTimeOffset CreatedAt);
