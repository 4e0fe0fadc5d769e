using Atra.Modules.Positions.Contracts;

namespace Atra.Modules.Positions.Ledger;

/// <summary>A <c>positions</c> row as stored (TEXT decimals).</summary>
internal sealed record PositionRow(
    long Id,
    long UserId,
    long SignalId,
    string Symbol,
    string Interval,
    string Side,
    string EntryPrice,
    string Quantity,
    string InitialQuantity,
    string PlannedDcaQuantity,
    string OpenQuantity,
    string EntryNotional,
    string LotStep,
    long Leverage,
    string Margin,
    string Tp1Price,
    string Tp2Price,
    string SlPrice,
    string? StopPrice,
    string? CurrentPrice,
    string UnrealizedPnl,
    string RealizedPnl,
    string Status,
    string? ExitReason,
    string? ExitPrice,
    long OpenedAt,
    long? ClosedAt)
{
    public const string Columns = """
        id AS Id, user_id AS UserId, signal_id AS SignalId, symbol AS Symbol, interval AS Interval, side AS Side,
        entry_price AS EntryPrice, quantity AS Quantity, initial_quantity AS InitialQuantity,
        planned_dca_quantity AS PlannedDcaQuantity, open_quantity AS OpenQuantity, entry_notional AS EntryNotional,
        lot_step AS LotStep, leverage AS Leverage, margin AS Margin, tp1_price AS Tp1Price, tp2_price AS Tp2Price,
        sl_price AS SlPrice, stop_price AS StopPrice, current_price AS CurrentPrice, unrealized_pnl AS UnrealizedPnl,
        realized_pnl AS RealizedPnl, status AS Status, exit_reason AS ExitReason, exit_price AS ExitPrice,
        opened_at AS OpenedAt, closed_at AS ClosedAt
        """;

    public bool IsOpen => Status == "open";

    /// <summary>+1 long, −1 short.</summary>
    public decimal Direction => Side == "short" ? -1m : 1m;

    public decimal? ProfitPct
    {
        get
        {
            var notional = Decimals.Parse(EntryNotional);
            return !IsOpen && notional > 0m ? Decimals.Parse(RealizedPnl) / notional : null;
        }
    }

    public PositionDto ToDto(IReadOnlyList<TransactionDto>? transactions = null) => new(
        Id, UserId, SignalId, Symbol, Side, Status,
        Decimals.Parse(EntryPrice), Decimals.Parse(Quantity), Decimals.Parse(InitialQuantity), Decimals.Parse(OpenQuantity),
        Decimals.Parse(EntryNotional), (int)Leverage, Decimals.Parse(Margin),
        Decimals.Parse(Tp1Price), Decimals.Parse(Tp2Price), Decimals.Parse(SlPrice), Decimals.ParseOptional(StopPrice),
        Decimals.ParseOptional(CurrentPrice), Decimals.Parse(UnrealizedPnl), Decimals.Parse(RealizedPnl), ProfitPct,
        ExitReason, Decimals.ParseOptional(ExitPrice),
        DateTimeOffset.FromUnixTimeMilliseconds(OpenedAt), ClosedAt is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : null,
        transactions);
}
