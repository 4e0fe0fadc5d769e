using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest;

/// <summary>BTCUSDT candles and indicators, read-only and shared by every symbol's replay.</summary>
internal sealed class BtcSeries(CandleSeries candles, IndicatorTable indicators)
{
    public CandleSeries Candles { get; } = candles;

    /// <summary>
    /// The BTC state at <paramref name="openTimeMs"/>: the BTC candle with the same open time, else the latest one
    /// before it. <paramref name="cursor"/> is the caller's position (times only grow), so each lookup is amortised O(1).
    /// </summary>
    public BtcState At(long openTimeMs, ref int cursor)
    {
        var t = Candles.OpenTimeMs;
        var n = Candles.Count;
        while (cursor + 1 < n && t[cursor + 1] <= openTimeMs)
        {
            cursor++;
        }
        if (n == 0 || t[cursor] > openTimeMs)
        {
            return BtcState.Unknown;
        }
        return BtcState.From(Candles.Close[cursor], indicators.Ema7[cursor], indicators.Ema25[cursor], indicators.Momentum1h[cursor]);
    }
}
