using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;

namespace Atra.Tests.Indicators;

/// <summary>
/// Edge cases against TA-Lib 0.4's own output for the same files (TestData/Indicators/edge/*.talib.csv, made by
/// TA-Lib's C functions): constant prices, an exchange halt (flat, zero-volume candles between real ones), zero
/// volume from the start, fewer rows than the warm-ups, and a 4h series (momentum_1h undefined).
/// </summary>
public sealed class IndicatorEdgeCaseTests
{
    private static string Edge(string file) => Path.Combine(IndicatorTestData.Directory, "edge", file);

    [TestCase("constant-1h")]
    [TestCase("halt-1h")]
    [TestCase("zerovolume-1h")]
    [TestCase("short-1h")]
    [TestCase("short30-1h")]
    [TestCase("BTCUSDT-4h")]
    public void Compute_EdgeCaseFile_MatchesTaLibAndStreaming(string name)
    {
        var series = CandleCsvReader.ReadFile(Edge(name + ".csv"));
        var reference = IndicatorTestData.ReadTableFile(Edge(name + ".talib.csv"));

        var table = IndicatorEngine.Compute(series);

        Assert.That(table.Count, Is.EqualTo(reference.Keys.Length));
        var columns = table.Columns();
        var streamed = StreamEqualsSeriesTests.Stream(series);
        Assert.Multiple(() =>
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var column = IndicatorTable.ColumnNames[c];
                IndicatorAssert.Close(column, reference.Column(column), columns[c], column == "bb_pos" ? 1e-6 : 1e-9, series.Count);
                IndicatorAssert.Identical(column, columns[c], streamed[c], series.Count);
            }
        });
    }

    [Test]
    public void Compute_ConstantPrices_FollowsTaLibConventions()
    {
        var table = IndicatorEngine.Compute(CandleCsvReader.ReadFile(Edge("constant-1h.csv")));

        Assert.Multiple(() =>
        {
            Assert.That(table.Rsi14[14], Is.Zero, "TA-Lib's RSI is 0 when there is neither gain nor loss");
            Assert.That(table.Adx14[27], Is.Zero, "no directional movement");
            Assert.That(table.StochRsiK[31], Is.Zero, "a zero RSI range gives 0, as TA-Lib's STOCH");
            Assert.That(table.Atr14[14], Is.Zero);
            Assert.That(table.BbMiddle[19], Is.EqualTo(100.0));
            Assert.That(table.BbUpper[19], Is.EqualTo(table.BbLower[19]));
            Assert.That(table.BbPos[19], Is.NaN, "band width 0: bb_pos undefined");
            Assert.That(table.VolumeRatio[19], Is.EqualTo(1.0));
            Assert.That(table.Momentum4h[59], Is.Zero);
        });
    }

    [Test]
    public void Compute_ZeroVolume_VolumeRatioUndefined()
    {
        var table = IndicatorEngine.Compute(CandleCsvReader.ReadFile(Edge("zerovolume-1h.csv")));

        Assert.That(table.VolumeRatio, Has.All.NaN);
    }

    [Test]
    public void Compute_FewerRowsThanWarmup_UndefinedExceptShortColumns()
    {
        var table = IndicatorEngine.Compute(CandleCsvReader.ReadFile(Edge("short-1h.csv")));

        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.EqualTo(10));
            Assert.That(table.Ema7[5], Is.NaN);
            Assert.That(table.Ema7[6], Is.Not.NaN);
            foreach (var column in new[] { table.Ema25, table.Rsi14, table.Adx14, table.StochRsiK, table.StochRsiD, table.Atr14, table.BbUpper, table.BbPos, table.VolumeRatio })
            {
                Assert.That(column, Has.All.NaN);
            }
        });
    }

    [Test]
    public void Compute_Empty_EmptyTable()
    {
        var series = CandleSeries.FromCandles("BTCUSDT", "1h", []);

        var table = IndicatorEngine.Compute(series);

        Assert.That(table.Count, Is.Zero);
    }

    [TestCase(3, "close", double.NaN)]
    [TestCase(7, "close", 0.0)]
    [TestCase(0, "high", double.PositiveInfinity)]
    [TestCase(12, "low", -1.0)]
    [TestCase(5, "open", 0.0)]
    [TestCase(9, "volume", -1.0)]
    [TestCase(4, "volume", double.NaN)]
    public void Compute_BadCandle_ThrowsArgumentExceptionNamingRowAndColumn(int row, string column, double value)
    {
        var candles = Candles(20);
        candles[row] = With(candles[row], column, value);
        var series = CandleSeries.FromCandles("BTCUSDT", "1h", candles);

        var ex = Assert.Throws<InvalidCandleException>(() => IndicatorEngine.Compute(series));

        Assert.Multiple(() =>
        {
            Assert.That(ex, Is.InstanceOf<ArgumentException>());
            Assert.That(ex!.Row, Is.EqualTo(row));
            Assert.That(ex.Column, Is.EqualTo(column));
            Assert.That(ex.Message, Does.Contain($"row {row}").And.Contain($"'{column}'"));
        });
    }

    [Test]
    public void Compute_HighBelowLow_Throws()
    {
        var candles = Candles(5);
        candles[2] = candles[2] with { High = 90, Low = 110 };

        var ex = Assert.Throws<InvalidCandleException>(() => IndicatorEngine.Compute(CandleSeries.FromCandles("X", "1h", candles)));

        Assert.That(ex!.Message, Does.Contain("row 2").And.Contain("below low"));
    }

    [Test]
    public void Update_BadCandle_ThrowsAndLeavesStateUnchanged()
    {
        var candles = Candles(60);
        var clean = new StreamingIndicators("1h");
        var disturbed = new StreamingIndicators("1h");
        for (var i = 0; i < candles.Length; i++)
        {
            if (i == 30)
            {
                var bad = candles[i] with { Close = double.NaN };
                var ex = Assert.Throws<InvalidCandleException>(() => disturbed.Update(bad));
                Assert.That(ex!.Message, Does.Contain("row 30").And.Contain("'close'"));
                Assert.That(disturbed.Count, Is.EqualTo(30));
            }
            var a = clean.Update(candles[i]);
            var b = disturbed.Update(candles[i]);
            Assert.That(b, Is.EqualTo(a));
        }
    }

    [Test]
    public void StreamingIndicators_UnknownInterval_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new StreamingIndicators("7h"));
    }

    internal static Candle[] Candles(int count)
    {
        var candles = new Candle[count];
        for (var i = 0; i < count; i++)
        {
            var close = 100 + (10 * Math.Sin(i * 0.7)) + i;
            candles[i] = new Candle(1_600_000_000_000 + (i * 3_600_000L), close - 1, close + 2, close - 3, close, 10 + (i % 7));
        }
        return candles;
    }

    private static Candle With(Candle candle, string column, double value) => column switch
    {
        "open" => candle with { Open = value },
        "high" => candle with { High = value },
        "low" => candle with { Low = value },
        "close" => candle with { Close = value },
        _ => candle with { Volume = value },
    };
}
