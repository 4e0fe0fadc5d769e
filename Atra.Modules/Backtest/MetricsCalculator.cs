using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest;

/// <summary>
/// summary.json METRICS, per trade (each trade one unit of notional, profits unleveraged and after fees):
/// <list type="bullet">
/// <item><c>win_rate</c> = wins / trades; a win is profit_pct &gt; 0.</item>
/// <item><c>avg_profit_pct</c> = mean profit_pct; <c>total_profit_pct</c> = their sum (not compounded).</item>
/// <item><c>profit_factor</c> = Σ positive profit_pct / |Σ negative profit_pct|; null without a losing trade.</item>
/// <item><c>max_drawdown_pct</c>: trades in exit order (exit time, then signal id), cumulative sum C_k of profit_pct
///   from C_0 = 0; the largest fall max_k (max_{j≤k} C_j − C_k). Additive, in profit_pct units; 0 without trades.</item>
/// <item><c>sharpe</c> = mean / sample standard deviation (n − 1) of per-trade profit_pct; not annualised
///   (trades are irregular in time); null with fewer than two trades or no variation.</item>
/// <item><c>sortino</c> = mean / downside deviation √(Σ min(0, r)² / n); null without a losing trade.</item>
/// </list>
/// </summary>
internal static class MetricsCalculator
{
    public static BacktestMetrics Compute(IReadOnlyList<BacktestTrade> trades, bool strictOnly)
    {
        var selected = new List<BacktestTrade>(trades.Count);
        foreach (var t in trades)
        {
            if (!strictOnly || t.Mode == FilterMode.Strict)
            {
                selected.Add(t);
            }
        }
        var n = selected.Count;
        if (n == 0)
        {
            return new BacktestMetrics(0, 0, 0, null, null, 0, null, 0, null, null);
        }
        int wins = 0;
        double sum = 0, grossWin = 0, grossLoss = 0, downside = 0;
        foreach (var t in selected)
        {
            var p = t.ProfitPct;
            sum += p;
            if (p > 0)
            {
                wins++;
                grossWin += p;
            }
            else
            {
                grossLoss -= p;
                downside += p * p;
            }
        }
        var mean = sum / n;
        double? sharpe = null;
        if (n >= 2)
        {
            var ss = 0.0;
            foreach (var t in selected)
            {
                ss += (t.ProfitPct - mean) * (t.ProfitPct - mean);
            }
            var sd = Math.Sqrt(ss / (n - 1));
            sharpe = sd > 0 ? mean / sd : null;
        }
        var dd = Math.Sqrt(downside / n);
        double? sortino = dd > 0 ? mean / dd : null;

        selected.Sort(static (a, b) => a.ExitTimeMs != b.ExitTimeMs ? a.ExitTimeMs.CompareTo(b.ExitTimeMs) : a.SignalId.CompareTo(b.SignalId));
        double cum = 0, peak = 0, maxDd = 0;
        foreach (var t in selected)
        {
            cum += t.ProfitPct;
            peak = Math.Max(peak, cum);
            maxDd = Math.Max(maxDd, peak - cum);
        }
        return new BacktestMetrics(n, wins, n - wins, (double)wins / n, mean, sum, grossLoss > 0 ? grossWin / grossLoss : null, maxDd, sharpe, sortino);
    }
}
