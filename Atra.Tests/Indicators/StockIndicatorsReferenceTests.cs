using System.Globalization;
using Atra.Modules.Indicators.Adx;
using Atra.Modules.Indicators.Atr;
using Atra.Modules.Indicators.BollingerBands;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.Indicators.Ema;
using Atra.Modules.Indicators.Rsi;
using Atra.Modules.MarketData.Contracts;

namespace Atra.Tests.Indicators;

/// <summary>
/// A second, independent reference: the 502 daily quotes of DaveSkender/Stock.Indicators (Apache-2.0) and the
/// full-series baselines its regression tests require (TestData/Indicators/stock_indicators_expected.csv), for the
/// indicators whose conventions agree with TA-Lib's (reference_indicators.json: EMA, RSI, ATR, Bollinger, StochRSI).
/// </summary>
public sealed class StockIndicatorsReferenceTests
{
    private const double Tolerance = 1e-9;
    private static CandleSeries? _quotes;
    private static ReferenceTable? _expected;

    private static CandleSeries Quotes => _quotes ??= ReadQuotes();

    private static ReferenceTable Expected => _expected ??= IndicatorTestData.ReadTableFile(IndicatorTestData.PathOf("stock_indicators_expected.csv"));

    [Test]
    public void Ema20_StockIndicatorsQuotes_MatchesBaseline()
    {
        var output = new double[Quotes.Count];
        EmaSeries.Compute(Quotes.Close.AsSpan(0, Quotes.Count), 20, output);
        IndicatorAssert.Close("ema20", Expected.Column("ema20"), output, Tolerance, Quotes.Count);
    }

    [Test]
    public void Rsi14_StockIndicatorsQuotes_MatchesBaseline()
    {
        var output = new double[Quotes.Count];
        RsiSeries.Compute(Quotes.Close.AsSpan(0, Quotes.Count), 14, output);
        IndicatorAssert.Close("rsi14", Expected.Column("rsi14"), output, Tolerance, Quotes.Count);
    }

    [Test]
    public void Atr14_StockIndicatorsQuotes_MatchesBaseline()
    {
        var output = new double[Quotes.Count];
        var n = Quotes.Count;
        AtrSeries.Compute(Quotes.High.AsSpan(0, n), Quotes.Low.AsSpan(0, n), Quotes.Close.AsSpan(0, n), 14, output);
        IndicatorAssert.Close("atr14", Expected.Column("atr14"), output, Tolerance, n);
    }

    [Test]
    public void BollingerBands_StockIndicatorsQuotes_MatchesBaseline()
    {
        var n = Quotes.Count;
        double[] upper = new double[n], middle = new double[n], lower = new double[n], position = new double[n];
        BollingerSeries.Compute(Quotes.Close.AsSpan(0, n), 20, 2.0, upper, middle, lower, position);
        Assert.Multiple(() =>
        {
            IndicatorAssert.Close("bb_middle", Expected.Column("bb_middle"), middle, Tolerance, n);
            IndicatorAssert.Close("bb_upper", Expected.Column("bb_upper"), upper, Tolerance, n);
            IndicatorAssert.Close("bb_lower", Expected.Column("bb_lower"), lower, Tolerance, n);
            IndicatorAssert.Close("bb_pos", Expected.Column("bb_pos"), position, 1e-6, n);
        });
    }

    [Test]
    public void StochRsi_StockIndicatorsQuotes_MatchesBaselineWhereBothDefined()
    {
        var table = IndicatorEngine.Compute(Quotes);
        var expectedK = Expected.Column("stochrsi_k");

        // Stock.Indicators reports the smoothed K two rows before TA-Lib, which waits for D: compare from row 31.
        Assert.That(table.StochRsiK.AsSpan(0, 31).ToArray(), Has.All.NaN);
        var fromRow31 = table.StochRsiK[31..];
        IndicatorAssert.Close("stochrsi_k", expectedK[31..], fromRow31, Tolerance, fromRow31.Length);

        // StochRSI(14,14,3,3) as asserted (4 decimals) in Stock.Indicators' unit tests: signal = our D.
        Assert.Multiple(() =>
        {
            Assert.That(table.StochRsiK[31], Is.EqualTo(97.7778).Within(5e-5));
            Assert.That(table.StochRsiD[31], Is.EqualTo(99.2593).Within(5e-5));
            Assert.That(table.StochRsiK[152], Is.EqualTo(0).Within(5e-5));
            Assert.That(table.StochRsiD[152], Is.EqualTo(20.0263).Within(5e-5));
            Assert.That(table.StochRsiK[249], Is.EqualTo(27.3094).Within(5e-5));
            Assert.That(table.StochRsiD[249], Is.EqualTo(33.2716).Within(5e-5));
            Assert.That(table.StochRsiK[501], Is.EqualTo(89.8385).Within(5e-5));
            Assert.That(table.StochRsiD[501], Is.EqualTo(73.4176).Within(5e-5));
        });
    }

    [Test]
    public void Adx14_StockIndicatorsQuotes_SameWarmupAndConverges()
    {
        // Stock.Indicators seeds the Wilder sums with 14 plain terms, TA-Lib with 13 and then one smoothing step,
        // so the two differ a little at first and converge: same first row (27), within 1e-9 once converged.
        var n = Quotes.Count;
        var output = new double[n];
        AdxSeries.Compute(Quotes.High.AsSpan(0, n), Quotes.Low.AsSpan(0, n), Quotes.Close.AsSpan(0, n), 14, output);
        var expected = Expected.Column("adx14");
        Assert.Multiple(() =>
        {
            Assert.That(output.AsSpan(0, 27).ToArray(), Has.All.NaN);
            Assert.That(expected.AsSpan(0, 27).ToArray(), Has.All.NaN);
            Assert.That(output[27], Is.EqualTo(expected[27]).Within(1.0), "first ADX");
            Assert.That(output[501], Is.EqualTo(expected[501]).Within(Tolerance * expected[501]), "converged");
        });
    }

    private static CandleSeries ReadQuotes()
    {
        var lines = File.ReadAllLines(IndicatorTestData.PathOf("stock_indicators_default_quotes.csv"));
        var candles = new List<Candle>();
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            var time = DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
            candles.Add(new Candle(time, P(f[1]), P(f[2]), P(f[3]), P(f[4]), P(f[5])));
        }
        return CandleSeries.FromCandles("SPY", "1d", candles);
    }

    private static double P(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
