using Atra.Modules.MarketData.Contracts;
using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// Reads candle CSV files (<c>open_time_ms,open,high,low,close,volume</c>, columns found by name, extra columns
/// ignored) straight from UTF-8 bytes without making a string per field: the backtest reads millions of rows.
/// A malformed row is an error naming the file, the line and the column, never a skipped row.
/// </summary>
public static class CandleCsvReader
{
    private static readonly string[] Required = ["open_time_ms", "open", "high", "low", "close", "volume"];

    // Whole lines are parsed out of this window; it grows only for a line longer than it.
    private const int ChunkBytes = 256 * 1024;

    // A data row has six non-empty fields and five commas: a file of L bytes has at most L / 11 + 1 rows.
    private const int MinRowBytes = 11;

    /// <summary>Reads <c>SYMBOL-INTERVAL.csv</c>; symbol and interval come from the file name unless given.</summary>
    public static CandleSeries ReadFile(string path, string? symbol = null, string? interval = null) => ReadFile(path, null, symbol, interval);

    /// <summary>
    /// As <see cref="ReadFile(string, string?, string?)"/>, reading into the arrays of <paramref name="reuse"/> when
    /// they are long enough (the returned series then shares them, so <paramref name="reuse"/> must no longer be
    /// used). The file is read in a small window, never whole: a backtest touches as little fresh memory as it can.
    /// </summary>
    public static CandleSeries ReadFile(string path, CandleSeries? reuse, string? symbol = null, string? interval = null)
    {
        if (!File.Exists(path))
        {
            throw new CandleFileException($"{path}: file not found");
        }
        var (nameSymbol, nameInterval) = ParseName(path);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(file);
        var parser = new RowParser(path, (int)Math.Min(Array.MaxLength, (length / MinRowBytes) + 2), reuse);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, Math.Max(length, 1)));
        try
        {
            long offset = 0;
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = RandomAccess.Read(file, buffer.AsSpan(filled), offset);
                offset += read;
                filled += read;
                var final = read == 0;
                var consumed = parser.Lines(buffer.AsSpan(0, filled), final);
                if (final)
                {
                    break;
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return parser.ToSeries(symbol ?? nameSymbol, interval ?? nameInterval);
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
        var parser = new RowParser(fileName, (data.Length / MinRowBytes) + 2, null);
        parser.Lines(data, final: true);
        return parser.ToSeries(symbol, interval);
    }

    /// <summary>Parses whole lines into presized columns; the header is the first line it is given.</summary>
    private sealed class RowParser
    {
        private readonly string _fileName;
        private readonly long[] _t;
        private readonly double[] _o, _h, _l, _c, _v;
        private int[]? _columns;
        private int _maxColumn;
        private bool _standard;
        private int _n;
        private int _lineNumber;

        public RowParser(string fileName, int capacity, CandleSeries? reuse)
        {
            _fileName = fileName;
            if (reuse is not null && reuse.OpenTimeMs.Length >= capacity && reuse.Open.Length >= capacity && reuse.High.Length >= capacity
                && reuse.Low.Length >= capacity && reuse.Close.Length >= capacity && reuse.Volume.Length >= capacity)
            {
                (_t, _o, _h, _l, _c, _v) = (reuse.OpenTimeMs, reuse.Open, reuse.High, reuse.Low, reuse.Close, reuse.Volume);
                return;
            }
            // Uninitialised: every row below Count is written before it is read, and the rows beyond it are never
            // touched, so a generous capacity costs address space, not memory.
            _t = GC.AllocateUninitializedArray<long>(capacity);
            _o = GC.AllocateUninitializedArray<double>(capacity);
            _h = GC.AllocateUninitializedArray<double>(capacity);
            _l = GC.AllocateUninitializedArray<double>(capacity);
            _c = GC.AllocateUninitializedArray<double>(capacity);
            _v = GC.AllocateUninitializedArray<double>(capacity);
        }

        public CandleSeries ToSeries(string symbol, string interval)
        {
            if (_columns is null)
            {
                // An empty file: still name the missing columns.
                HeaderColumns([], _fileName);
            }
            return new CandleSeries(symbol, interval, _t, _o, _h, _l, _c, _v, _n);
        }

        /// <summary>Parses the complete lines of <paramref name="data"/> (all of it when <paramref name="final"/>); returns the bytes used.</summary>
        public int Lines(ReadOnlySpan<byte> data, bool final)
        {
            var used = 0;
            if (_columns is null)
            {
                // Skip a UTF-8 byte order mark.
                var bom = data.StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
                var headerEnd = data[bom..].IndexOf((byte)'\n');
                if (headerEnd < 0 && !final)
                {
                    return 0;
                }
                var header = headerEnd < 0 ? data[bom..] : data.Slice(bom, headerEnd);
                _columns = HeaderColumns(header, _fileName);
                _maxColumn = _columns.Max();
                _standard = _columns.AsSpan().SequenceEqual([0, 1, 2, 3, 4, 5]);
                _lineNumber = 1;
                used = headerEnd < 0 ? data.Length : bom + headerEnd + 1;
            }
            var columns = _columns;
            Span<Range> fields = stackalloc Range[Math.Min(64, _maxColumn + 2)];
            var rest = data[used..];
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf((byte)'\n');
                if (end < 0 && !final)
                {
                    break;
                }
                var line = end < 0 ? rest : rest[..end];
                var length = end < 0 ? rest.Length : end + 1;
                rest = rest[length..];
                used += length;
                _lineNumber++;
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }
                if (line.IsEmpty)
                {
                    continue;
                }
                Row(line, columns, fields);
            }
            return used;
        }

        private void Row(ReadOnlySpan<byte> line, int[] columns, Span<Range> fields)
        {
            if (_standard && TryPlainRow(line))
            {
                return;
            }
            var fileName = _fileName;
            var lineNumber = _lineNumber;
            var count = Split(line, fields);
            if (count <= _maxColumn)
            {
                throw new CandleFileException($"{fileName}:{lineNumber}: expected at least {_maxColumn + 1} columns, found {count}");
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
            Store(time, open, high, low, close, volume);
        }

        /// <summary>
        /// The common row (standard column order, plain decimals the fast path decides exactly, all valid) in one
        /// pass; anything else (including every error) goes through the field-by-field path, which names the problem.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool TryPlainRow(ReadOnlySpan<byte> line)
        {
            if (!Utf8Number.TryParseMillisecondsPrefix(line, out var time, out var at) || !Comma(line, ref at)
                || !Field(line, ref at, out var open) || !Comma(line, ref at)
                || !Field(line, ref at, out var high) || !Comma(line, ref at)
                || !Field(line, ref at, out var low) || !Comma(line, ref at)
                || !Field(line, ref at, out var close) || !Comma(line, ref at)
                || !Field(line, ref at, out var volume) || (at < line.Length && line[at] != (byte)','))
            {
                return false;
            }
            var n = _n;
            if (!(open > 0 && high > 0 && low > 0 && close > 0 && volume >= 0 && high >= low && (n == 0 || time > _t[n - 1])))
            {
                return false;
            }
            _t[n] = time;
            _o[n] = open;
            _h[n] = high;
            _l[n] = low;
            _c[n] = close;
            _v[n] = volume;
            _n = n + 1;
            return true;

            static bool Comma(ReadOnlySpan<byte> line, ref int at) => at < line.Length && line[at++] == (byte)',';

            static bool Field(ReadOnlySpan<byte> line, ref int at, out double value)
            {
                var ok = Utf8Number.TryParsePrefix(line[at..], out value, out var used);
                at += used;
                return ok;
            }
        }

        private void Store(long time, double open, double high, double low, double close, double volume)
        {
            var fileName = _fileName;
            var lineNumber = _lineNumber;
            var n = _n;
            if (n > 0 && time <= _t[n - 1])
            {
                throw new CandleFileException($"{fileName}:{lineNumber}: column 'open_time_ms': {time} is not after the previous row's {_t[n - 1]} (rows must be in time order, without duplicates)");
            }
            _t[n] = time;
            _o[n] = open;
            _h[n] = high;
            _l[n] = low;
            _c[n] = close;
            _v[n] = volume;
            _n = n + 1;
        }
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
        if (Utf8Number.TryParseMilliseconds(field, out var value))
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
        if (Utf8Number.TryParseDouble(field, out var value) && double.IsFinite(value))
        {
            return value;
        }
        throw new CandleFileException($"{fileName}:{line}: column '{column}': '{Text(field)}' is not a number");
    }

    private static string Text(ReadOnlySpan<byte> field) => System.Text.Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);
}
