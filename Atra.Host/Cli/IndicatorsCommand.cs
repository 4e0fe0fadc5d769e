using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra indicators --input CSV --output CSV [--interval 1h]</c>: the indicator columns of STRATEGY.md for a
/// candle file. <c>--repeat N [--stream]</c> instead times N computations (whole-series, or streaming) and prints
/// one line <c>rows=R best_ms=M ns_per_candle=X</c>; only the computation is timed, not the file reading.
/// </summary>
internal static class IndicatorsCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Candle CSV (open_time_ms,open,high,low,close,volume)", Required = true };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write open_time_ms and the 14 indicator columns" };
        var interval = new Option<string?>("--interval") { Description = "Candle interval (sets the momentum look-backs); default: from the file name SYMBOL-INTERVAL.csv, else 1h" };
        var repeat = new Option<int?>("--repeat") { Description = "Compute N times without writing and print the best time" };
        var stream = new Option<bool>("--stream") { Description = "With --repeat: time the streaming form instead of the whole-series form" };
        var command = new Command("indicators", "Compute the indicator columns of STRATEGY.md for a candle file")
        {
            input, output, interval, repeat, stream,
        };
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output), result.GetValue(interval), result.GetValue(repeat), result.GetValue(stream)));
        return command;
    }

    private static int Run(FileInfo input, FileInfo? output, string? interval, int? repeat, bool stream)
    {
        if (interval is not null && !CandleInterval.IsValid(interval))
        {
            throw new UsageException($"--interval: '{interval}' is not a candle interval; use one of {string.Join(", ", CandleInterval.All)}");
        }
        if (repeat is null && output is null)
        {
            throw new UsageException("indicators: give --output FILE (or --repeat N to time the computation)");
        }
        if (repeat is < 1)
        {
            throw new UsageException($"--repeat: {repeat} is not a positive count");
        }
        if (stream && repeat is null)
        {
            throw new UsageException("--stream only applies with --repeat N");
        }

        CandleSeries series;
        try
        {
            series = CandleCsvReader.ReadFile(input.FullName, interval: interval);
        }
        catch (CandleFileException ex)
        {
            throw new UsageException(ex.Message);
        }

        if (repeat is { } times)
        {
            var best = stream ? TimeStreaming(series, times) : TimeSeries(series, times);
            var rows = series.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rows={rows} best_ms={best.TotalMilliseconds:F3} ns_per_candle={(rows == 0 ? 0 : best.TotalNanoseconds / rows):F1}"));
            return CliRunner.Ok;
        }

        IndicatorTable table;
        try
        {
            table = IndicatorEngine.Compute(series);
        }
        catch (InvalidCandleException ex)
        {
            // The reader rejects such rows first (with their line); this is the engine's own check, by data row.
            var problem = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new UsageException($"{input.FullName}: data row {ex.Row + 1}: {problem}");
        }
        try
        {
            Write(output!.FullName, series, table);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"atra: cannot write {output!.FullName}: {ex.Message}");
            return CliRunner.Failure;
        }
        return CliRunner.Ok;
    }

    /// <summary>The best of <paramref name="times"/> whole-series runs into a preallocated table (the first run warms up and is not counted).</summary>
    private static TimeSpan TimeSeries(CandleSeries series, int times)
    {
        var table = new IndicatorTable(series.Count);
        IndicatorEngine.Compute(series, table);
        var best = TimeSpan.MaxValue;
        for (var r = 0; r < times; r++)
        {
            var start = Stopwatch.GetTimestamp();
            IndicatorEngine.Compute(series, table);
            var elapsed = Stopwatch.GetElapsedTime(start);
            best = elapsed < best ? elapsed : best;
        }
        return best;
    }

    /// <summary>The best of <paramref name="times"/> streaming runs: a fresh engine fed every candle in order.</summary>
    private static TimeSpan TimeStreaming(CandleSeries series, int times)
    {
        var candles = new Candle[series.Count];
        for (var i = 0; i < candles.Length; i++)
        {
            candles[i] = series[i];
        }
        var snapshot = default(IndicatorSnapshot);
        var checksum = 0.0;
        var best = TimeSpan.MaxValue;
        for (var r = 0; r <= times; r++)
        {
            var start = Stopwatch.GetTimestamp();
            var engine = new StreamingIndicators(series.Interval);
            for (var i = 0; i < candles.Length; i++)
            {
                engine.Update(in candles[i], ref snapshot);
            }
            var elapsed = Stopwatch.GetElapsedTime(start);
            checksum += snapshot.Ema7;
            if (r > 0)
            {
                best = elapsed < best ? elapsed : best;
            }
        }
        GC.KeepAlive(checksum);
        return best;
    }

    private static void Write(string path, CandleSeries series, IndicatorTable table)
    {
        var columns = table.Columns();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.NewLine = "\n";
        writer.Write("open_time_ms");
        foreach (var name in IndicatorTable.ColumnNames)
        {
            writer.Write(',');
            writer.Write(name);
        }
        writer.Write('\n');
        Span<char> buffer = stackalloc char[32];
        for (var i = 0; i < series.Count; i++)
        {
            series.OpenTimeMs[i].TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
            writer.Write(buffer[..written]);
            foreach (var column in columns)
            {
                writer.Write(',');
                var value = column[i];
                if (!double.IsNaN(value))
                {
                    // "R": the shortest text that reads back to the same double.
                    value.TryFormat(buffer, out written, "R", CultureInfo.InvariantCulture);
                    writer.Write(buffer[..written]);
                }
            }
            writer.Write('\n');
        }
    }
}
