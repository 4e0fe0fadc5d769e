using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest.Contracts;

/// <summary>One row of trades.csv: a signal, its levels, how it closed and the features at signal time.</summary>
public sealed record BacktestTrade(
    long SignalId,
    string Symbol,
    FilterMode Mode,
    long SignalTimeMs,
    SignalLevels Levels,
    long ExitTimeMs,
    double ExitPrice,
    ExitReason ExitReason,
    bool Tp1Hit,
    int DcaCount,
    double AvgEntryPrice,
    double ProfitPct,
    SignalFeatures Features)
{
    public TradeSide Side => Levels.Side;

    /// <summary><c>win</c> when profit_pct &gt; 0, else <c>loss</c>.</summary>
    public string Result => ProfitPct > 0 ? "win" : "loss";
}
