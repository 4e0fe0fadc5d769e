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
        Console.WriteLine($"{fields} fields, {differences} differences");
        return differences == 0 ? 0 : 1;
    }
}
