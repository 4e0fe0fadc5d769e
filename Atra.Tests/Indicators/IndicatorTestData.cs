using System.Globalization;
using System.IO.Compression;
using System.Text;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;

namespace Atra.Tests.Indicators;

/// <summary>The real candles and TA-Lib reference slices copied into TestData/Indicators.</summary>
internal static class IndicatorTestData
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Indicators");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The gzipped candle slice <c>SYMBOL-INTERVAL.csv.gz</c>, parsed by the production reader.</summary>
    public static CandleSeries Candles(string name)
    {
        var bytes = Gunzip(PathOf(name + ".csv.gz"));
        var (symbol, interval) = CandleCsvReader.ParseName(name + ".csv");
        return CandleCsvReader.Parse(bytes, name + ".csv", symbol, interval);
    }

    /// <summary>Writes the gunzipped candle slice to <paramref name="directory"/> as <c>SYMBOL-INTERVAL.csv</c>.</summary>
    public static string ExtractCandles(string name, string directory)
    {
        var path = Path.Combine(directory, name + ".csv");
        File.WriteAllBytes(path, Gunzip(PathOf(name + ".csv.gz")));
        return path;
    }

    public static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>A CSV with a header whose empty cells are NaN: (header, open_time_ms or index column, value columns).</summary>
    public static ReferenceTable ReadTable(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimEnd('\r').Split(',');
        var keys = new long[lines.Length - 1];
        var columns = new double[header.Length - 1][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[keys.Length];
        }
        for (var r = 0; r < keys.Length; r++)
        {
            var cells = lines[r + 1].TrimEnd('\r').Split(',');
            Assert.That(cells, Has.Length.EqualTo(header.Length), $"line {r + 2}");
            keys[r] = long.Parse(cells[0], CultureInfo.InvariantCulture);
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c][r] = cells[c + 1].Length == 0 ? double.NaN : double.Parse(cells[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        return new ReferenceTable(header, keys, columns);
    }

    public static ReferenceTable Reference(string name) => ReadTable(Encoding.UTF8.GetString(Gunzip(PathOf(name + ".talib.csv.gz"))));

    public static ReferenceTable ReadTableFile(string path) => ReadTable(File.ReadAllText(path));
}

internal sealed record ReferenceTable(string[] Header, long[] Keys, double[][] Columns)
{
    public double[] Column(string name) => Columns[Array.IndexOf(Header, name) - 1];
}
