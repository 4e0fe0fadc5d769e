using Atra.Modules.Positions.Contracts;

namespace Atra.Modules.Positions.Ledger;

/// <summary>A <c>transactions</c> row as stored (TEXT decimals).</summary>
internal sealed record TransactionRow(
    long Id,
    long UserId,
    long PositionId,
    string TransactionType,
    string Symbol,
    string Side,
    string Price,
    string Quantity,
    string Fee,
    string Pnl,
    string BalanceBefore,
    string BalanceAfter,
    long CreatedAt)
{
    public const string Columns = """
        id AS Id, user_id AS UserId, position_id AS PositionId, transaction_type AS TransactionType, symbol AS Symbol,
        side AS Side, price AS Price, quantity AS Quantity, fee AS Fee, pnl AS Pnl, balance_before AS BalanceBefore,
        balance_after AS BalanceAfter, created_at AS CreatedAt
        """;

    public TransactionDto ToDto() => new(
        Id, PositionId, TransactionType, Side, Decimals.Parse(Price), Decimals.Parse(Quantity), Decimals.Parse(Fee),
        Decimals.Parse(Pnl), Decimals.Parse(BalanceBefore), Decimals.Parse(BalanceAfter), DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
}
