namespace Atra.Modules.Backtest.Api;

/// <summary>A trade as the API shows it: the core of a trades.csv row, prices as decimals, times as ISO 8601.</summary>
internal sealed record BacktestTradeDto(
    long SignalId,
    string Symbol,
    string Side,
    string FilterMode,
    DateTimeOffset SignalTime,
    decimal EntryPrice,
    decimal SlPrice,
    decimal Tp1Price,
    decimal Tp2Price,
    decimal? DcaPrice,
    DateTimeOffset ExitTime,
    decimal ExitPrice,
    string ExitReason,
    bool Tp1Hit,
    int DcaCount,
    decimal AvgEntryPrice,
    double ProfitPct,
    string Result);
