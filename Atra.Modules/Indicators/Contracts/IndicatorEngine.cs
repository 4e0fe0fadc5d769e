using Atra.Modules.Indicators.Adx;
using Atra.Modules.Indicators.Atr;
using Atra.Modules.Indicators.BollingerBands;
using Atra.Modules.Indicators.Ema;
using Atra.Modules.Indicators.Rsi;
using Atra.Modules.Indicators.Shared;
using Atra.Modules.Indicators.StochRsi;
using Atra.Modules.Indicators.VolumeRatio;
using Atra.Modules.MarketData.Contracts;
using MomentumMath = Atra.Modules.Indicators.Momentum.Momentum;

namespace Atra.Modules.Indicators.Contracts;

/// <summary>
/// The whole-series form of every column of STRATEGY.md: one fused pass over the candles (each candle is read
/// once and feeds all indicators), using the same per-indicator states as <see cref="StreamingIndicators"/>, so
/// a row here is bit for bit the snapshot the streaming form yields for that candle.
/// </summary>
public static class IndicatorEngine
{
    public const int EmaFast = 7;
    public const int EmaSlow = 25;
    public const int RsiPeriod = 14;
    public const int AdxPeriod = 14;
    public const int AtrPeriod = 14;
    public const int StochFastK = 14;
    public const int StochSlowK = 3;
    public const int StochSlowD = 3;
    public const int BollingerPeriod = 20;
    public const double BollingerDeviations = 2.0;
    public const int VolumePeriod = 20;

    /// <summary>
    /// Computes all 14 columns for <paramref name="series"/> (its <see cref="CandleSeries.Interval"/> sets the
    /// momentum look-backs). Throws <see cref="ArgumentException"/> naming the row and column of a bad candle.
    /// </summary>
    public static IndicatorTable Compute(CandleSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var table = new IndicatorTable(series.Count);
        Compute(series, table);
        return table;
    }

    /// <summary>As <see cref="Compute(CandleSeries)"/>, into a table of the same row count (for repeated runs without allocation).</summary>
    public static void Compute(CandleSeries series, IndicatorTable table)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(table);
        if (table.Count != series.Count)
        {
            throw new ArgumentException($"the table has {table.Count} rows, the series {series.Count}", nameof(table));
        }
        var rows1h = MomentumRows(series.Interval, 1);
        var rows4h = MomentumRows(series.Interval, 4);
        var n = series.Count;
        ReadOnlySpan<double> open = series.Open.AsSpan(0, n);
        ReadOnlySpan<double> high = series.High.AsSpan(0, n);
        ReadOnlySpan<double> low = series.Low.AsSpan(0, n);
        ReadOnlySpan<double> close = series.Close.AsSpan(0, n);
        ReadOnlySpan<double> volume = series.Volume.AsSpan(0, n);

        var ema7 = new EmaState(EmaFast);
        var ema25 = new EmaState(EmaSlow);
        var rsi = new RsiState(RsiPeriod);
        var stoch = new StochState(StochFastK, StochSlowK, StochSlowD);
        var adx = new AdxState(AdxPeriod);
        var atr = new AtrState(AtrPeriod);
        var bb = new BollingerState(BollingerPeriod, BollingerDeviations);
        var vr = new VolumeRatioState(VolumePeriod);

        var oEma7 = table.Ema7.AsSpan(0, n);
        var oEma25 = table.Ema25.AsSpan(0, n);
        var oRsi = table.Rsi14.AsSpan(0, n);
        var oAdx = table.Adx14.AsSpan(0, n);
        var oK = table.StochRsiK.AsSpan(0, n);
        var oD = table.StochRsiD.AsSpan(0, n);
        var oAtr = table.Atr14.AsSpan(0, n);
        var oUpper = table.BbUpper.AsSpan(0, n);
        var oMiddle = table.BbMiddle.AsSpan(0, n);
        var oLower = table.BbLower.AsSpan(0, n);
        var oPos = table.BbPos.AsSpan(0, n);
        var oVr = table.VolumeRatio.AsSpan(0, n);
        var oM1 = table.Momentum1h.AsSpan(0, n);
        var oM4 = table.Momentum4h.AsSpan(0, n);

        for (var i = 0; i < n; i++)
        {
            var h = high[i];
            var l = low[i];
            var c = close[i];
            var v = volume[i];
            CandleValidation.Check(open[i], h, l, c, v, i, nameof(series));

            oEma7[i] = ema7.Update(c);
            oEma25[i] = ema25.Update(c);
            var r = rsi.Update(c);
            oRsi[i] = r;
            double k = double.NaN, d = double.NaN;
            if (!double.IsNaN(r))
            {
                stoch.Update(r, out k, out d);
            }
            oK[i] = k;
            oD[i] = d;
            oAdx[i] = adx.Update(h, l, c);
            oAtr[i] = atr.Update(h, l, c);
            var back = i - (BollingerPeriod - 1);
            bb.Update(c, back >= 0 ? close[back] : 0.0, out oUpper[i], out oMiddle[i], out oLower[i], out oPos[i]);
            back = i - (VolumePeriod - 1);
            oVr[i] = vr.Update(v, back >= 0 ? volume[back] : 0.0);
            oM1[i] = rows1h > 0 && i >= rows1h ? MomentumMath.Value(c, close[i - rows1h]) : double.NaN;
            oM4[i] = rows4h > 0 && i >= rows4h ? MomentumMath.Value(c, close[i - rows4h]) : double.NaN;
        }
    }

    /// <summary>Rows in <paramref name="hours"/> hours of <paramref name="interval"/>; 0 when not a whole number (momentum undefined).</summary>
    internal static int MomentumRows(string interval, int hours) => CandleInterval.RowsIn(interval, hours) ?? 0;
}
