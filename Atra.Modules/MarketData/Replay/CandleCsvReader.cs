using System.Globalization;
using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.MarketData.Replay;

/// <summary>
/// Reads candle CSV files (<c>open_time_ms,open,high,low,close,volume</c>, columns found by name, extra columns
/// ignored) straight from UTF-8 bytes without making a string per field: the backtest reads millions of rows.
/// A malformed row is an error naming the file, the line and the column, never a skipped row.
/// </summary>
public static class CandleCsvReader
{
    private static readonly string[] Required = ["open_time_ms", "open", "high", "low", "close", "volume"];

    /// <summary>Reads <c>SYMBOL-INTERVAL.csv</c>; symbol and interval come from the file name unless given.</summary>
    public static CandleSeries ReadFile(string path, string? symbol = null, string? interval = null)
    {
        if (!File.Exists(path))
        {
            throw new CandleFileException($"{path}: file not found");
        }
        var (nameSymbol, nameInterval) = ParseName(path);
        return Parse(File.ReadAllBytes(path), path, symbol ?? nameSymbol, interval ?? nameInterval);
    }

    /// <summary>Splits <c>BTCUSDT-1h.csv</c> into (BTCUSDT, 1h); falls back to the whole name and 1h.</summary>
    public static (string Symbol, string Interval) ParseName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var dash = name.LastIndexOf('-');
        return dash > 0 && CandleInterval.IsValid(name[(dash + 1)..]) ? (name[..dash].ToUpperInvariant(), name[(dash + 1)..]) : (name.ToUpperInvariant(), "1h");
    }

    public static CandleSeries Parse(ReadOnlySpan<byte> data, string fileName, string symbol, string interval)
    {
        // Skip a UTF-8 byte order mark.
        if (data.StartsWith("\xEF\xBB\xBF"u8))
        {
            data = data[3..];
        }
        var lineEnd = data.IndexOf((byte)'\n');
        var header = lineEnd < 0 ? data : data[..lineEnd];
        var columns = HeaderColumns(header, fileName);
        var rest = lineEnd < 0 ? [] : data[(lineEnd + 1)..];

        var capacity = Math.Max(16, rest.Count((byte)'\n') + 1);
        var t = new long[capacity];
        var o = new double[capacity];
        var h = new double[capacity];
        var l = new double[capacity];
        var c = new double[capacity];
        var v = new double[capacity];
        var n = 0;
        var lineNumber = 1;
        var maxColumn = columns.Max();
        Span<Range> fields = stackalloc Range[Math.Min(64, maxColumn + 2)];

        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            if (line.IsEmpty)
            {
                continue;
            }
            var count = Split(line, fields);
            if (count <= maxColumn)
            {
                throw new CandleFileException($"{fileName}:{lineNumber}: expected at least {maxColumn + 1} columns, found {count}");
            }
            var time = ParseTime(line[fields[columns[0]]], fileName, lineNumber);
            var open = ParsePrice(line[fields[columns[1]]], fileName, lineNumber, "open");
            var high = ParsePrice(line[fields[columns[2]]], fileName, lineNumber, "high");
            var low = ParsePrice(line[fields[columns[3]]], fileName, lineNumber, "low");
            var close = ParsePrice(line[fields[columns[4]]], fileName, lineNumber, "close");
            var volume = ParseNumber(line[fields[columns[5]]], fileName, lineNumber, "volume");
            if (volume < 0)
            {
                throw new CandleFileException($"{fileName}:{lineNumber}: column 'volume': {Text(line[fields[columns[5]]])} is negative");
            }
            if (high < low)
            {
                throw new CandleFileException($"{fileName}:{lineNumber}: column 'high': {high.ToString("R", CultureInfo.InvariantCulture)} is below low {low.ToString("R", CultureInfo.InvariantCulture)}");
            }
            if (n > 0 && time <= t[n - 1])
            {
                throw new CandleFileException($"{fileName}:{lineNumber}: column 'open_time_ms': {time} is not after the previous row's {t[n - 1]} (rows must be in time order, without duplicates)");
            }
            t[n] = time;
            o[n] = open;
            h[n] = high;
            l[n] = low;
            c[n] = close;
            v[n] = volume;
            n++;
        }
        return new CandleSeries(symbol, interval, t, o, h, l, c, v, n);
    }

    private static int[] HeaderColumns(ReadOnlySpan<byte> header, string fileName)
    {
        var text = System.Text.Encoding.UTF8.GetString(header).TrimEnd('\r');
        var names = text.Split(',').Select(s => s.Trim().Trim('"').ToLowerInvariant()).ToArray();
        var columns = new int[Required.Length];
        for (var i = 0; i < Required.Length; i++)
        {
            columns[i] = Array.IndexOf(names, Required[i]);
            if (columns[i] < 0)
            {
                throw new CandleFileException($"{fileName}:1: the header has no '{Required[i]}' column (found: {text})");
            }
        }
        return columns;
    }

    private static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i < line.Length && count < fields.Length - 1; i++)
        {
            if (line[i] == (byte)',')
            {
                fields[count++] = new Range(start, i);
                start = i + 1;
            }
        }
        fields[count++] = new Range(start, line.Length);
        return count;
    }

    private static long ParseTime(ReadOnlySpan<byte> field, string fileName, int line)
    {
        if (long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        // Some exports write the integer milliseconds as a float ("1502942400000.0").
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && d == Math.Floor(d) && d < 1e15)
        {
            return (long)d;
        }
        throw new CandleFileException($"{fileName}:{line}: column 'open_time_ms': '{Text(field)}' is not a time in milliseconds");
    }

    private static double ParsePrice(ReadOnlySpan<byte> field, string fileName, int line, string column)
    {
        var value = ParseNumber(field, fileName, line, column);
        return value > 0 ? value : throw new CandleFileException($"{fileName}:{line}: column '{column}': {Text(field)} is not a positive price");
    }

    private static double ParseNumber(ReadOnlySpan<byte> field, string fileName, int line, string column)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        throw new CandleFileException($"{fileName}:{line}: column '{column}': '{Text(field)}' is not a number");
    }

    private static string Text(ReadOnlySpan<byte> field) => System.Text.Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);
}
