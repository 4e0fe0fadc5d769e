using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
/// once and feeds all indicators). The warm-up rows run the per-indicator states that <see cref="StreamingIndicators"/>
/// runs; the rest runs a hand-fused loop with the same arithmetic, so a row here is bit for bit the snapshot the
/// streaming form yields for that candle (tests check this on real data).
/// </summary>
public static class IndicatorEngine
{
    public const int EmaFast = 7;
    public const int EmaSlow = 25;
    public const int RsiPeriod = 14;
    public const int AdxPeriod = 14;
    public const int AtrPeriod = 14;
    public const int StochFastK = 14;
    // The steady-state loop keeps the two trailing values of each SMA in locals: it is written for 3.
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
    // Fully optimized from the first call: one call is one long loop, which tiered compilation would otherwise
    // run as on-stack-replaced code, noticeably slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        // Warm-up rows go through the states' full updates; once every state is warm, the rest of the series runs
        // their steady-state updates (the same arithmetic without the warm-up checks).
        var lookBack = Math.Max(rows1h, rows4h);
        var i = 0;
        for (; i < n; i++)
        {
            if (i >= lookBack && ema7.IsWarm && ema25.IsWarm && rsi.IsWarm && stoch.IsWarm && adx.IsWarm && atr.IsWarm && bb.IsWarm && vr.IsWarm)
            {
                break;
            }
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
        // Steady state: the states' registers live in locals (the JIT keeps them in registers) and the previous
        // candle is read from the arrays. Every value is computed with the operations, in the order, of the
        // states' own updates (TA-Lib's order), so it stays bit for bit the streaming form's; only independent
        // divisions share a vector instruction, which IEEE rounds lane by lane exactly as the scalar one.
        const double Rsi = RsiPeriod, RsiMinusOne = RsiPeriod - 1;
        const double Adx = AdxPeriod, AdxMinusOne = AdxPeriod - 1;
        const double Atr = AtrPeriod, AtrMinusOne = AtrPeriod - 1;
        const double Bollinger = BollingerPeriod, Volume = VolumePeriod;
        double emaFast = ema7.Value, kFast = ema7.K, emaSlow = ema25.Value, kSlow = ema25.K;
        double gain = rsi.Gain, loss = rsi.Loss;
        double plusDm = adx.PlusDmSum, minusDm = adx.MinusDmSum, trSum = adx.TrSum, adxValue = adx.Value;
        var atrValue = atr.Value;
        const double SlowK = StochSlowK, SlowD = StochSlowD;
        var window = stoch.Window;
        var slot = stoch.Slot;
        double kTotal = stoch.KTotal, fastK1 = stoch.FastKBack(1), fastK2 = stoch.FastKBack(2);
        double dTotal = stoch.DTotal, slowK1 = stoch.SlowKBack(1), slowK2 = stoch.SlowKBack(2);
        double bbTotal = bb.Total, bbTotal2 = bb.Total2, volumeTotal = vr.Total;
        for (; i < n; i++)
        {
            var h = high[i];
            var l = low[i];
            var c = close[i];
            var v = volume[i];
            CandleValidation.Check(open[i], h, l, c, v, i, nameof(series));
            var prevClose = close[i - 1];

            oEma7[i] = emaFast = EmaState.Next(emaFast, c, kFast);
            oEma25[i] = emaSlow = EmaState.Next(emaSlow, c, kSlow);

            var change = c - prevClose;
            var tr = TaLib.TrueRange(h, l, prevClose);
            var diffP = h - high[i - 1];
            var diffM = low[i - 1] - l;
            var trailing = close[i - (BollingerPeriod - 1)];
            var total = bbTotal + c;
            var total2 = bbTotal2 + (c * c);
            bbTotal = total - trailing;
            bbTotal2 = total2 - (trailing * trailing);
            var vTotal = volumeTotal + v;
            volumeTotal = vTotal - volume[i - (VolumePeriod - 1)];
            var back1 = rows1h > 0 ? close[i - rows1h] : 1.0;
            var back4 = rows4h > 0 ? close[i - rows4h] : 1.0;

            // The divider is the bottleneck (some 22 divisions a row), so independent divisions share one vector
            // division: IEEE division is correctly rounded lane by lane, so every value keeps its bits.
            var a1 = Vector256.Create((loss * RsiMinusOne) + TaLib.Positive(-change), (gain * RsiMinusOne) + TaLib.Positive(change), (atrValue * AtrMinusOne) + tr, minusDm)
                / Vector256.Create(Rsi, Rsi, Atr, Adx);
            var a2 = Vector256.Create(plusDm, trSum, total, total2) / Vector256.Create(Adx, Adx, Bollinger, Bollinger);
            var a3 = Vector256.Create(vTotal, c, c, 1.0) / Vector256.Create(Volume, back1, back4, 1.0);
            loss = a1.GetElement(0);
            gain = a1.GetElement(1);
            oAtr[i] = atrValue = a1.GetElement(2);
            minusDm = minusDm - a1.GetElement(3) + AdxState.MinusDm(diffP, diffM);
            plusDm = plusDm - a2.GetElement(0) + AdxState.PlusDm(diffP, diffM);
            trSum = trSum - a2.GetElement(1) + tr;
            var mean = a2.GetElement(2);
            var variance = a2.GetElement(3) - (mean * mean);
            var sma = a3.GetElement(0);
            oM1[i] = rows1h > 0 ? a3.GetElement(1) - 1.0 : double.NaN;
            oM4[i] = rows4h > 0 ? a3.GetElement(2) - 1.0 : double.NaN;

            var deviation = variance < TaLib.Epsilon ? 0.0 : Math.Sqrt(variance);
            var band = deviation * BollingerDeviations;
            var upper = mean + band;
            var lower = mean - band;
            var width = upper - lower;
            oUpper[i] = upper;
            oMiddle[i] = mean;
            oLower[i] = lower;

            var rsiSum = gain + loss;
            var b = Vector256.Create(gain, minusDm, plusDm, v) / Vector256.Create(rsiSum, trSum, trSum, sma);
            var r = TaLib.IsZero(rsiSum) ? 0.0 : 100.0 * b.GetElement(0);
            oRsi[i] = r;
            var minusDi = 100.0 * b.GetElement(1);
            var plusDi = 100.0 * b.GetElement(2);
            var diSum = minusDi + plusDi;
            oVr[i] = sma != 0.0 ? b.GetElement(3) : double.NaN;

            window = window.With(slot, r);
            slot = slot + 1 == StochFastK ? 0 : slot + 1;
            window.MinMax(StochFastK, out var lowest, out var highest);

            var q = Vector256.Create(Math.Abs(minusDi - plusDi), highest - lowest, c - lower, 1.0) / Vector256.Create(diSum, 100.0, width, 1.0);
            var dx = 100.0 * q.GetElement(0);
            var diff = q.GetElement(1);
            oPos[i] = width != 0.0 ? q.GetElement(2) : double.NaN;

            var e = Vector128.Create((adxValue * AdxMinusOne) + dx, r - lowest) / Vector128.Create(Adx, diff);
            if (!TaLib.IsZero(trSum) && !TaLib.IsZero(diSum))
            {
                adxValue = e.GetElement(0);
            }
            oAdx[i] = adxValue;
            var fastK = diff != 0.0 ? e.GetElement(1) : 0.0;

            // TA-Lib's running-sum SMA3 of fastK, then of slowK.
            var sumK = kTotal + fastK;
            kTotal = sumK - fastK2;
            fastK2 = fastK1;
            fastK1 = fastK;
            var slowK = sumK / SlowK;
            var sumD = dTotal + slowK;
            dTotal = sumD - slowK2;
            slowK2 = slowK1;
            slowK1 = slowK;
            oK[i] = slowK;
            oD[i] = sumD / SlowD;
        }
    }

    /// <summary>Rows in <paramref name="hours"/> hours of <paramref name="interval"/>; 0 when not a whole number (momentum undefined).</summary>
    internal static int MomentumRows(string interval, int hours) => CandleInterval.RowsIn(interval, hours) ?? 0;
}
