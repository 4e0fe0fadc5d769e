using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Replay;

/// <summary>
/// Candle files <c>SYMBOL-INTERVAL.csv</c> played back as if live: all symbols merged by open time (ties in
/// ordinal symbol order), one step (open time) at a time, at <c>Market:Replay:Speed</c> steps per second or as
/// fast as the consumer takes them (Speed 0). The first <c>Market:Replay:WarmupCandles</c> of each file are the
/// history before the replay's "now".
/// </summary>
internal sealed class ReplayCandleSource : ICandleSource
{
    public const string SourceName = "Replay";

    private readonly ConcurrentDictionary<string, Lazy<CandleSeries?>> _files = new(StringComparer.Ordinal);
    private readonly ReplayOptions _options;
    private readonly ExchangeStatusTracker _status;
    private readonly TimeProvider _clock;

    public ReplayCandleSource(IOptions<MarketOptions> options, ExchangeStatusTracker status, TimeProvider clock)
    {
        _options = options.Value.Replay;
        _status = status;
        _clock = clock;
        Folder = ResolveFolder(_options.Folder);
    }

    public string Name => SourceName;

    /// <summary>The folder in use: relative to the working directory when it exists there, else to the program folder.</summary>
    public string Folder { get; }

    public static string ResolveFolder(string folder)
    {
        if (Path.IsPathRooted(folder) || Directory.Exists(folder))
        {
            return Path.GetFullPath(folder);
        }
        var besideProgram = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(besideProgram) ? besideProgram : Path.GetFullPath(folder);
    }

    /// <summary>Symbols that have a file for <paramref name="interval"/>, in ordinal order; empty when the folder is missing.</summary>
    public IReadOnlyList<string> ListSymbols(string interval)
    {
        if (!Directory.Exists(Folder))
        {
            _status.Failure(SourceName, $"replay folder '{Folder}' not found (Market:Replay:Folder)");
            return [];
        }
        var list = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Folder, $"*-{interval}.csv"))
        {
            var (symbol, fileInterval) = CandleCsvReader.ParseName(path);
            if (fileInterval == interval)
            {
                list.Add(symbol);
            }
        }
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>The whole file, or null when there is none. A malformed file throws <see cref="CandleFileException"/> naming file and line.</summary>
    public CandleSeries? Series(string symbol, string interval) =>
        _files.GetOrAdd($"{symbol}-{interval}", key => new Lazy<CandleSeries?>(() =>
        {
            var path = Path.Combine(Folder, key + ".csv");
            return File.Exists(path) ? CandleCsvReader.ReadFile(path, symbol, interval) : null;
        })).Value;

    public Task<IReadOnlyList<Candle>> GetHistoryAsync(string symbol, string interval, long? startMs, long? endMs, int limit, CancellationToken ct)
    {
        var s = Series(symbol, interval);
        var list = new List<Candle>();
        if (s is null || limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Candle>>(list);
        }
        if (startMs is { } start)
        {
            for (var i = LowerBound(s, start); i < s.Count && list.Count < limit && (endMs is null || s.OpenTimeMs[i] <= endMs); i++)
            {
                list.Add(s[i]);
            }
        }
        else
        {
            // Without an end, "now" is the start of the replay: the history is the warm-up part of the file.
            var endIndex = endMs is { } end ? LowerBound(s, end + 1) : Math.Min(_options.WarmupCandles, s.Count);
            for (var i = Math.Max(0, endIndex - limit); i < endIndex; i++)
            {
                list.Add(s[i]);
            }
        }
        _status.Success(SourceName, TimeSpan.Zero);
        return Task.FromResult<IReadOnlyList<Candle>>(list);
    }

    public async IAsyncEnumerable<(string Symbol, Candle Candle)> StreamClosedAsync(IReadOnlyList<string> symbols, string interval, [EnumeratorCancellation] CancellationToken ct)
    {
        var order = symbols.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var series = new CandleSeries?[order.Length];
        var next = new int[order.Length];
        var heads = new PriorityQueue<int, (long OpenTime, int SymbolIndex)>(order.Length);
        for (var i = 0; i < order.Length; i++)
        {
            series[i] = Series(order[i], interval);
            next[i] = Math.Min(_options.WarmupCandles, series[i]?.Count ?? 0);
            if (series[i] is { } s && next[i] < s.Count)
            {
                heads.Enqueue(i, (s.OpenTimeMs[next[i]], i));
            }
        }
        var step = _options.Speed > 0 ? TimeSpan.FromSeconds(1 / _options.Speed) : TimeSpan.Zero;
        var previousTime = long.MinValue;
        while (heads.TryDequeue(out var index, out var key))
        {
            ct.ThrowIfCancellationRequested();
            if (key.OpenTime != previousTime)
            {
                if (previousTime != long.MinValue && step > TimeSpan.Zero)
                {
                    await Task.Delay(step, _clock, ct).ConfigureAwait(false);
                }
                previousTime = key.OpenTime;
            }
            var s = series[index]!;
            var candle = s[next[index]];
            next[index]++;
            if (next[index] < s.Count)
            {
                heads.Enqueue(index, (s.OpenTimeMs[next[index]], index));
            }
            _status.CandleReceived(SourceName);
            yield return (order[index], candle);
        }
    }

    private static int LowerBound(CandleSeries s, long time)
    {
        int lo = 0, hi = s.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (s.OpenTimeMs[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
