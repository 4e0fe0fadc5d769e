using System.Globalization;
using System.Text;
using Atra.Modules.MarketData.Contracts;
using Atra.Tests.Fakes;
using Atra.Tests.Indicators;

namespace Atra.Tests.MarketData;

/// <summary>
/// <see cref="CandleCsvReader.ReadFile(string, CandleSeries?, string?, string?)"/> reads a file through a small
/// window: lines cut by the window, CRLF, a missing last newline and reused arrays must not change a value.
/// </summary>
public sealed class CandleCsvReaderTests
{
    [TestCase("\n", true)]
    [TestCase("\r\n", true)]
    [TestCase("\n", false)]
    public void ReadFile_FileLargerThanTheWindow_SameSeriesAsParsingTheWholeBytes(string newline, bool lastNewline)
    {
        using var folder = new TempFolder();
        var text = Encoding.UTF8.GetString(IndicatorTestData.Gunzip(IndicatorTestData.PathOf("ETHUSDT-5m.csv.gz"))).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        text = text.Replace("\n", newline, StringComparison.Ordinal) + (lastNewline ? newline : "");
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.That(bytes.Length, Is.GreaterThan(256 * 1024), "more than one window");
        var path = folder.File("ETHUSDT-5m.csv");
        File.WriteAllBytes(path, bytes);

        var whole = CandleCsvReader.Parse(bytes, path, "ETHUSDT", "5m");
        var read = CandleCsvReader.ReadFile(path);
        AssertSameSeries(read, whole);
        Assert.That(read.Count, Is.EqualTo(text.Split(newline, StringSplitOptions.RemoveEmptyEntries).Length - 1));
    }

    [TestCase("ETHUSDT-5m")]
    [TestCase("BTCUSDT-1h")]
    public void ReadFile_RealSlice_EveryValueAsDoubleParseReadsIt(string name)
    {
        using var folder = new TempFolder();
        var path = IndicatorTestData.ExtractCandles(name, folder.Path);
        var series = CandleCsvReader.ReadFile(path);
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.That(series.Count, Is.EqualTo(lines.Length));
        for (var i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            var expected = (long.Parse(f[0], CultureInfo.InvariantCulture), D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5]));
            Assert.That((series.OpenTimeMs[i], series.Open[i], series.High[i], series.Low[i], series.Close[i], series.Volume[i]), Is.EqualTo(expected), lines[i]);
        }

        static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }

    [TestCase("1606780800000,19695.87,19720,19578.96,19607.03,-794.5", "volume")]
    [TestCase("1606780800000,19695.87,19720,19578.96,-19607.03,794.5", "close")]
    [TestCase("1606780800000,19695.87,19500,19578.96,19607.03,794.5", "high")]
    [TestCase("1606780800000,19695.87,19720,19578.96,19607.03,", "volume")]
    [TestCase("1606780800000.5,19695.87,19720,19578.96,19607.03,794.5", "open_time_ms")]
    public void ReadFile_BadValueInAPlainLookingRow_NamesTheColumn(string row, string column)
    {
        using var folder = new TempFolder();
        var path = folder.File("BTCUSDT-5m.csv");
        File.WriteAllText(path, "open_time_ms,open,high,low,close,volume\n1606780500000,1,2,0.5,1.5,3\n" + row + "\n");
        Assert.That(() => CandleCsvReader.ReadFile(path), Throws.TypeOf<CandleFileException>().With.Message.Contains($"{path}:3: column '{column}'"));
    }

    [Test]
    public void ReadFile_ReusingLongerArrays_SameSeriesAsFreshArrays()
    {
        using var folder = new TempFolder();
        var lines = Encoding.UTF8.GetString(IndicatorTestData.Gunzip(IndicatorTestData.PathOf("ETHUSDT-5m.csv.gz"))).Split('\n');
        var longPath = folder.File("ETHUSDT-5m.csv");
        var shortPath = folder.File("SHORTUSDT-5m.csv");
        File.WriteAllText(longPath, string.Join('\n', lines));
        File.WriteAllText(shortPath, string.Join('\n', lines[..2001]));

        var first = CandleCsvReader.ReadFile(longPath);
        var reused = CandleCsvReader.ReadFile(shortPath, first);
        Assert.That(reused.Close, Is.SameAs(first.Close), "the longer arrays are reused");
        Assert.That(reused.Symbol, Is.EqualTo("SHORTUSDT"));
        AssertSameSeries(reused, CandleCsvReader.ReadFile(shortPath));
        var grown = CandleCsvReader.ReadFile(longPath, reused);
        AssertSameSeries(grown, CandleCsvReader.ReadFile(longPath));
    }

    [Test]
    public void ReadFile_BadRowInALaterWindow_NamesItsLine()
    {
        using var folder = new TempFolder();
        var lines = Encoding.UTF8.GetString(IndicatorTestData.Gunzip(IndicatorTestData.PathOf("ETHUSDT-5m.csv.gz"))).TrimEnd('\n').Split('\n');
        lines[9000] = lines[9000].Replace(',', ';');
        var path = folder.File("ETHUSDT-5m.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        Assert.That(() => CandleCsvReader.ReadFile(path), Throws.TypeOf<CandleFileException>().With.Message.StartsWith($"{path}:9001: expected at least 6 columns"));
    }

    [Test]
    public void ReadFile_Empty_NamesTheMissingColumn()
    {
        using var folder = new TempFolder();
        var path = folder.File("EMPTYUSDT-1h.csv");
        File.WriteAllBytes(path, []);
        Assert.That(() => CandleCsvReader.ReadFile(path), Throws.TypeOf<CandleFileException>().With.Message.Contains("open_time_ms"));
    }

    private static void AssertSameSeries(CandleSeries actual, CandleSeries expected)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Count));
        var n = expected.Count;
        Assert.That(actual.OpenTimeMs.AsSpan(0, n).SequenceEqual(expected.OpenTimeMs.AsSpan(0, n)), Is.True, "open_time_ms");
        Assert.That(actual.Open.AsSpan(0, n).SequenceEqual(expected.Open.AsSpan(0, n)), Is.True, "open");
        Assert.That(actual.High.AsSpan(0, n).SequenceEqual(expected.High.AsSpan(0, n)), Is.True, "high");
        Assert.That(actual.Low.AsSpan(0, n).SequenceEqual(expected.Low.AsSpan(0, n)), Is.True, "low");
        Assert.That(actual.Close.AsSpan(0, n).SequenceEqual(expected.Close.AsSpan(0, n)), Is.True, "close");
        Assert.That(actual.Volume.AsSpan(0, n).SequenceEqual(expected.Volume.AsSpan(0, n)), Is.True, "volume");
    }
}
