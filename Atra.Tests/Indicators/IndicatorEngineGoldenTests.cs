using Atra.Modules.Indicators.Contracts;

namespace Atra.Tests.Indicators;

/// <summary>
/// Every column, every row of the first 10,000 real candles against TA-Lib 0.4's output (TA-Lib computes from
/// row 0, so a prefix slice of its output is exact for the prefix of the candles).
/// </summary>
public sealed class IndicatorEngineGoldenTests
{
    [TestCase("BTCUSDT-1h")]
    [TestCase("ETHUSDT-5m")]
    public void Compute_RealCandles_MatchesTaLibOnEveryRowAndColumn(string name)
    {
        var series = IndicatorTestData.Candles(name);
        var reference = IndicatorTestData.Reference(name);
        Assert.That(reference.Keys, Is.EqualTo(series.OpenTimeMs.AsSpan(0, series.Count).ToArray()), "the reference rows are the candle rows");

        var table = IndicatorEngine.Compute(series);

        var columns = table.Columns();
        Assert.Multiple(() =>
        {
            for (var c = 0; c < IndicatorTable.ColumnNames.Length; c++)
            {
                var name1 = IndicatorTable.ColumnNames[c];
                IndicatorAssert.Close(name1, reference.Column(name1), columns[c], name1 == "bb_pos" ? 1e-6 : 1e-9, series.Count);
            }
        });
    }
}
