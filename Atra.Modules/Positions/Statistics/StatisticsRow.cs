namespace Atra.Modules.Positions.Statistics;

/// <summary>A <c>signal_statistics</c> row as stored.</summary>
internal sealed record StatisticsRow(
    long Id,
    string Date,
    long? UserId,
    string Symbol,
    long TotalSignals,
    long AcceptedSignals,
    long ClosedSignals,
    long ProfitableSignals,
    string ProfitSum,
    string? Pnl,
    double? SharpeRatio)
{
    public const string Columns = """
        id AS Id, date AS Date, user_id AS UserId, symbol AS Symbol, total_signals AS TotalSignals,
        accepted_signals AS AcceptedSignals, closed_signals AS ClosedSignals, profitable_signals AS ProfitableSignals,
        profit_sum AS ProfitSum, pnl AS Pnl, sharpe_ratio AS SharpeRatio
        """;
}
