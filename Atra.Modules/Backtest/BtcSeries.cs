using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Backtest;

/// <summary>BTCUSDT candles and the indicators its trend needs, read-only and shared by every symbol's replay.</summary>
internal sealed class BtcSeries(CandleSeries candles, double[] ema7, double[] ema25, double[] momentum1h)
{
    public BtcSeries(CandleSeries candles, IndicatorTable indicators)
        : this(candles, indicators.Ema7, indicators.Ema25, indicators.Momentum1h)
    {
    }

    public CandleSeries Candles { get; } = candles;

    /// <summary>
    /// Reads BTC and computes only the trend's columns (streaming form, the table's values bit for bit): every
    /// other symbol waits for this, so it touches a quarter of the memory of a whole table.
    /// </summary>
    public static BtcSeries Compute(CandleSeries candles)
    {
        var n = candles.Count;
        var ema7 = GC.AllocateUninitializedArray<double>(n);
        var ema25 = GC.AllocateUninitializedArray<double>(n);
        var momentum1h = GC.AllocateUninitializedArray<double>(n);
        var stream = new StreamingIndicators(candles.Interval);
        var row = default(IndicatorSnapshot);
        for (var k = 0; k < n; k++)
        {
            stream.Update(candles[k], ref row);
            ema7[k] = row.Ema7;
            ema25[k] = row.Ema25;
            momentum1h[k] = row.Momentum1h;
        }
        return new BtcSeries(candles, ema7, ema25, momentum1h);
    }

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
        return BtcState.From(Candles.Close[cursor], ema7[cursor], ema25[cursor], momentum1h[cursor]);
    }
}
