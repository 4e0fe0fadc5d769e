using System.Runtime.CompilerServices;
using Atra.Modules.Indicators.Adx;
using Atra.Modules.Indicators.Atr;
using Atra.Modules.Indicators.BollingerBands;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.Indicators.Ema;
using Atra.Modules.Indicators.Momentum;
using Atra.Modules.Indicators.Rsi;
using Atra.Modules.Indicators.StochRsi;
using Atra.Modules.Indicators.VolumeRatio;
using Atra.Modules.MarketData.Contracts;

namespace Atra.Tests.Indicators;

/// <summary>The streaming form, the fused engine and each indicator's own whole-series form agree bit for bit.</summary>
public sealed class StreamEqualsSeriesTests
{
    [TestCase("BTCUSDT-1h")]
    [TestCase("ETHUSDT-5m")]
    public void Update_RealCandles_EqualsEngineBitForBit(string name)
    {
        var series = IndicatorTestData.Candles(name);

        var table = IndicatorEngine.Compute(series);
        var streamed = Stream(series);

        var columns = table.Columns();
        for (var c = 0; c < columns.Length; c++)
        {
            IndicatorAssert.Identical(IndicatorTable.ColumnNames[c], columns[c], streamed[c], series.Count);
        }
    }

    [TestCase("BTCUSDT-1h")]
    [TestCase("ETHUSDT-5m")]
    public void SeriesForms_RealCandles_EqualEngineBitForBit(string name)
    {
        var s = IndicatorTestData.Candles(name);
        var n = s.Count;
        var table = IndicatorEngine.Compute(s);
        var close = s.Close.AsSpan(0, n);
        var high = s.High.AsSpan(0, n);
        var low = s.Low.AsSpan(0, n);
        var o = new double[5][];
        for (var j = 0; j < o.Length; j++)
        {
            o[j] = new double[n];
        }

        EmaSeries.Compute(close, 7, o[0]);
        IndicatorAssert.Identical("ema7", table.Ema7, o[0], n);
        EmaSeries.Compute(close, 25, o[0]);
        IndicatorAssert.Identical("ema25", table.Ema25, o[0], n);
        RsiSeries.Compute(close, 14, o[0]);
        IndicatorAssert.Identical("rsi14", table.Rsi14, o[0], n);
        StochRsiSeries.Compute(o[0], 14, 3, 3, o[1], o[2]);
        IndicatorAssert.Identical("stochrsi_k", table.StochRsiK, o[1], n);
        IndicatorAssert.Identical("stochrsi_d", table.StochRsiD, o[2], n);
        AdxSeries.Compute(high, low, close, 14, o[0]);
        IndicatorAssert.Identical("adx14", table.Adx14, o[0], n);
        AtrSeries.Compute(high, low, close, 14, o[0]);
        IndicatorAssert.Identical("atr14", table.Atr14, o[0], n);
        BollingerSeries.Compute(close, 20, 2.0, o[0], o[1], o[2], o[3]);
        IndicatorAssert.Identical("bb_upper", table.BbUpper, o[0], n);
        IndicatorAssert.Identical("bb_middle", table.BbMiddle, o[1], n);
        IndicatorAssert.Identical("bb_lower", table.BbLower, o[2], n);
        IndicatorAssert.Identical("bb_pos", table.BbPos, o[3], n);
        VolumeRatioSeries.Compute(s.Volume.AsSpan(0, n), 20, o[0]);
        IndicatorAssert.Identical("volume_ratio", table.VolumeRatio, o[0], n);
        Momentum.Compute(close, CandleInterval.RowsIn(s.Interval, 1) ?? 0, o[0]);
        IndicatorAssert.Identical("momentum_1h", table.Momentum1h, o[0], n);
        Momentum.Compute(close, CandleInterval.RowsIn(s.Interval, 4) ?? 0, o[0]);
        IndicatorAssert.Identical("momentum_4h", table.Momentum4h, o[0], n);
    }

    [Test]
    public void Update_SteadyState_AllocatesNothing()
    {
        var series = IndicatorTestData.Candles("BTCUSDT-1h");
        var candles = new Candle[series.Count];
        for (var i = 0; i < candles.Length; i++)
        {
            candles[i] = series[i];
        }
        var engine = new StreamingIndicators("1h");
        var snapshot = default(IndicatorSnapshot);
        for (var i = 0; i < 100; i++)
        {
            engine.Update(in candles[i], ref snapshot);
        }
        _ = engine.Update(in candles[100]);

        var allocated = UpdateAll(engine, candles, 101, ref snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero, "bytes allocated over ~9,900 updates");
            Assert.That(engine.Count, Is.EqualTo(candles.Length));
            Assert.That(snapshot.OpenTimeMs, Is.EqualTo(candles[^1].OpenTimeMs));
        });
    }

    /// <summary>
    /// The measured loop, fully optimised from its first call: a tiered loop is patched to an on-stack-replacement
    /// version part way through, and when that happens (earlier or later under load) is the runtime's business, not
    /// the engine's, so the count must not depend on it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long UpdateAll(StreamingIndicators engine, Candle[] candles, int from, ref IndicatorSnapshot snapshot)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = from; i < candles.Length; i++)
        {
            engine.Update(in candles[i], ref snapshot);
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void Update_RefReadonlyForm_EqualsCurrentAndOutputForm()
    {
        var series = IndicatorTestData.Candles("BTCUSDT-1h");
        var a = new StreamingIndicators("1h");
        var b = new StreamingIndicators("1h");
        var snapshot = default(IndicatorSnapshot);
        for (var i = 0; i < 200; i++)
        {
            ref readonly var row = ref a.Update(series[i]);
            b.Update(series[i], ref snapshot);
            Assert.That(row, Is.EqualTo(snapshot));
            Assert.That(a.Current, Is.EqualTo(snapshot));
        }
    }

    /// <summary>The streaming form's rows as columns in <see cref="IndicatorTable.ColumnNames"/> order.</summary>
    internal static double[][] Stream(CandleSeries series)
    {
        var engine = new StreamingIndicators(series.Interval);
        var table = new IndicatorTable(series.Count);
        var row = default(IndicatorSnapshot);
        for (var i = 0; i < series.Count; i++)
        {
            engine.Update(series[i], ref row);
            Assert.That(row.OpenTimeMs, Is.EqualTo(series.OpenTimeMs[i]));
            table.Ema7[i] = row.Ema7;
            table.Ema25[i] = row.Ema25;
            table.Rsi14[i] = row.Rsi14;
            table.Adx14[i] = row.Adx14;
            table.StochRsiK[i] = row.StochRsiK;
            table.StochRsiD[i] = row.StochRsiD;
            table.Atr14[i] = row.Atr14;
            table.BbUpper[i] = row.BbUpper;
            table.BbMiddle[i] = row.BbMiddle;
            table.BbLower[i] = row.BbLower;
            table.BbPos[i] = row.BbPos;
            table.VolumeRatio[i] = row.VolumeRatio;
            table.Momentum1h[i] = row.Momentum1h;
            table.Momentum4h[i] = row.Momentum4h;
        }
        Assert.That(engine.Count, Is.EqualTo(series.Count));
        return table.Columns();
    }
}
