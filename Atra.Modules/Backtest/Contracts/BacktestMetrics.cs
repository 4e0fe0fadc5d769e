namespace Atra.Modules.Backtest.Contracts;

/// <summary>
/// METRICS of summary.json. Every <c>_pct</c> value and <see cref="WinRate"/> is a fraction (0.01 = 1 %), in the
/// unit of a trade's profit_pct. Null where the value does not exist (no trades, no losses for the profit factor,
/// fewer than two trades for Sharpe). See <c>MetricsCalculator</c> for the exact definitions.
/// </summary>
public sealed record BacktestMetrics(
    int Trades,
    int Wins,
    int Losses,
    double? WinRate,
    double? AvgProfitPct,
    double TotalProfitPct,
    double? ProfitFactor,
    double MaxDrawdownPct,
    double? Sharpe,
    double? Sortino);
