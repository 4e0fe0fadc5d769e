using System.Globalization;
using System.Text;

namespace Atra.Benchmarks;

/// <summary>
/// <c>make-candles OUT_DIR [SYMBOLS=10] [ROWS=50000] [SOURCE_DIR=samples]</c>: writes SYMBOLS candle files of ROWS
/// rows each (<c>BTCUSDT-INTERVAL.csv</c> and <c>SYNnnUSDT-INTERVAL.csv</c>) for the backtest's memory and speed
/// figures at sizes the real files do not have. Each file takes the real rows of one source file (cycled, each symbol
/// starting elsewhere), keeps their field text byte for byte and only renumbers the open times on the source
/// interval's grid. The interval is the source files' (samples/: 1h; the real 5m files: 5m).
/// </summary>
internal static class CandleFileMaker
{
    public static int Run(string outDir, int symbols, int rows, string? sourceDir)
    {
        sourceDir ??= FindSamples();
        var sources = Directory.GetFiles(sourceDir, "*-*.csv").Order(StringComparer.Ordinal).ToArray();
        if (sources.Length == 0)
        {
            Console.Error.WriteLine($"no SYMBOL-INTERVAL.csv files in {sourceDir}");
            return 1;
        }
        var interval = Path.GetFileNameWithoutExtension(sources[0]).Split('-')[^1];
        var stepMs = Atra.Modules.MarketData.Contracts.CandleInterval.Milliseconds(interval);
        Directory.CreateDirectory(outDir);
        for (var s = 0; s < symbols; s++)
        {
            var lines = File.ReadAllLines(sources[s % sources.Length]);
            var body = lines.Skip(1).Where(l => l.Length > 0).ToArray();
            var offset = s / sources.Length * 997 % body.Length;
            var name = s == 0 ? "BTCUSDT" : $"SYN{s:D2}USDT";
            var time = long.Parse(body[0].AsSpan(0, body[0].IndexOf(',')), CultureInfo.InvariantCulture);
            using var writer = new StreamWriter(Path.Combine(outDir, $"{name}-{interval}.csv"), false, new UTF8Encoding(false)) { NewLine = "\n" };
            writer.WriteLine(lines[0]);
            for (var r = 0; r < rows; r++)
            {
                var line = body[(offset + r) % body.Length];
                writer.Write((time + (r * stepMs)).ToString(CultureInfo.InvariantCulture));
                writer.WriteLine(line.AsSpan(line.IndexOf(',')));
            }
        }
        Console.WriteLine($"wrote {symbols} files × {rows} {interval} candles to {outDir}");
        return 0;
    }

    private static string FindSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "samples", "BTCUSDT-1h.csv")))
                {
                    return Path.Combine(dir.FullName, "samples");
                }
            }
        }
        throw new DirectoryNotFoundException("samples/ not found; give SOURCE_DIR");
    }
}
