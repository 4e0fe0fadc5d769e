using System.Globalization;
using System.Text;
using Atra.Modules.MarketData.Contracts;

namespace Atra.Benchmarks;

/// <summary>
/// <c>parse-check DIR</c>: every field of every <c>*.csv</c> under DIR through the candle reader's number parser
/// and through <c>double.Parse</c>; any difference in bits is printed and fails the run (exit 1).
/// </summary>
internal static class ParseCheck
{
    public static int Run(string directory)
    {
        long fields = 0, differences = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.csv", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            var start = 0;
            var line = 0;
            while (start < bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', start);
                end = end < 0 ? bytes.Length : end;
                var row = bytes.AsSpan(start, end - start).TrimEnd((byte)'\r');
                start = end + 1;
                if (line++ == 0)
                {
                    continue;
                }
                foreach (var range in row.Split((byte)','))
                {
                    var field = row[range];
                    var expectedOk = double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
                    var ok = Utf8Number.TryParseDouble(field, out var actual);
                    fields++;
                    if (ok != expectedOk || (ok && BitConverter.DoubleToInt64Bits(actual) != BitConverter.DoubleToInt64Bits(expected)))
                    {
                        differences++;
                        Console.WriteLine($"{path}:{line}: '{Encoding.UTF8.GetString(field)}' {actual:R} vs {expected:R}");
                    }
                }
            }
        }
        long rows = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.csv", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length == 0 || lines[0] != "open_time_ms,open,high,low,close,volume")
            {
                continue;
            }
            // The whole reader (its one-pass row path included) against string.Split and double.Parse.
            var series = CandleCsvReader.ReadFile(path);
            var k = 0;
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var f = line.Split(',');
                var same = k < series.Count && long.Parse(f[0], CultureInfo.InvariantCulture) == series.OpenTimeMs[k]
                    && Same(f[1], series.Open[k]) && Same(f[2], series.High[k]) && Same(f[3], series.Low[k]) && Same(f[4], series.Close[k]) && Same(f[5], series.Volume[k]);
                if (!same)
                {
                    differences++;
                    Console.WriteLine($"{path}: row {k + 1} '{line}' read differently");
                }
                k++;
                rows++;
            }
            if (k != series.Count)
            {
                differences++;
                Console.WriteLine($"{path}: {series.Count} rows read, {k} in the file");
            }
        }
        Console.WriteLine($"{fields} fields, {rows} candle rows through the reader, {differences} differences");
        return differences == 0 ? 0 : 1;
    }

    private static bool Same(string text, double value) =>
        BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)) == BitConverter.DoubleToInt64Bits(value);
}
