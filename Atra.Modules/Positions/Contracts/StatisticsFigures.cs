namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// Figures of one bucket (a day, a symbol or the whole range). <see cref="Total"/>: signals generated (user rows:
/// positions opened); <see cref="Accepted"/>: positions opened; <see cref="Closed"/>/<see cref="Profitable"/>: trades
/// closed / closed with profit. <see cref="WinRate"/> = profitable / closed and <see cref="AvgProfit"/> = mean
/// profit_pct (unleveraged fraction) of the closed trades; <see cref="SharpeRatio"/> = mean / sample stddev of daily
/// returns × √365 (see the module README). Null when undefined; <see cref="Pnl"/> only for a user (quote currency).
/// </summary>
public sealed record StatisticsFigures(
    string? Symbol,
    DateOnly? Date,
    int Total,
    int Accepted,
    int Closed,
    int Profitable,
    double? WinRate,
    decimal? AvgProfit,
    double? SharpeRatio,
    decimal? Pnl);
