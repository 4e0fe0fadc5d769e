using System.Diagnostics;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Backtest;

/// <summary>
/// Loads the candle files (in parallel), computes the whole-series indicators, replays every symbol through
/// <see cref="SymbolReplay"/> (in parallel unless a guard couples symbols, then in one time order) and numbers
/// the trades in signal-time order. The thread count never changes the result.
/// </summary>
internal sealed class BacktestRunner(
    ISignalStrategy strategy,
    IOptions<RiskSettings> risk,
    IOptions<SignalsSettings> signals,
    ISignalGuardBookFactory guards,
    IEnumerable<ISignalProbabilityModel> models) : IBacktestRunner
{
    public BacktestResult Run(BacktestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        if (!CandleInterval.IsValid(request.Interval))
        {
            throw new BacktestInputException($"--interval: '{request.Interval}' is not a candle interval ({string.Join(", ", CandleInterval.All)})");
        }
        if (!Directory.Exists(request.DataDirectory))
        {
            throw new BacktestInputException($"--data: the folder '{request.DataDirectory}' does not exist");
        }
        var symbols = ResolveSymbols(request);
        var btcSymbol = signals.Value.BtcSymbol;
        var btcPath = FilePath(request, btcSymbol);
        var loads = new List<string>(symbols);
        if (!symbols.Contains(btcSymbol, StringComparer.Ordinal) && File.Exists(btcPath))
        {
            loads.Add(btcSymbol);
        }

        var series = new CandleSeries[loads.Count];
        var tables = new IndicatorTable[loads.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        var total = loads.Count + symbols.Count;
        var done = 0;
        RunParallel(loads.Count, parallel, i =>
        {
            series[i] = request.LoadFile(FilePath(request, loads[i]));
            tables[i] = IndicatorEngine.Compute(series[i]);
            request.Progress?.Report(new BacktestProgress(Interlocked.Increment(ref done), total, $"loaded {loads[i]}: {series[i].Count} candles"));
        });

        var btcIndex = loads.IndexOf(btcSymbol);
        var btc = btcIndex >= 0 ? new BtcSeries(series[btcIndex], tables[btcIndex]) : null;
        var model = request.UseMl ? models.FirstOrDefault(m => m.IsActive) : null;
        var replays = new SymbolReplay[symbols.Count];
        for (var i = 0; i < symbols.Count; i++)
        {
            var s = series[i];
            var start = request.FromMs is { } from ? LowerBound(s.OpenTimeMs, s.Count, from) : 0;
            var end = request.ToMs is { } to ? LowerBound(s.OpenTimeMs, s.Count, to) : s.Count;
            replays[i] = new SymbolReplay(s, tables[i], btc, symbols[i] == btcSymbol, start, Math.Max(start, end), strategy, risk.Value, model);
        }

        if (guards.Create().CrossSymbol)
        {
            RunInTimeOrder(replays, guards.Create());
            done += replays.Length;
        }
        else
        {
            // Per-symbol guards only read their own symbol's history, so a book per symbol is the same as one shared.
            RunParallel(replays.Length, parallel, i =>
            {
                replays[i].Run(guards.Create());
                request.Progress?.Report(new BacktestProgress(Interlocked.Increment(ref done), total, $"replayed {replays[i].Symbol}: {replays[i].Trades.Count} signals"));
            });
        }

        var trades = new List<BacktestTrade>();
        long candles = 0;
        long first = long.MaxValue, last = long.MinValue;
        foreach (var r in replays)
        {
            trades.AddRange(r.Trades);
            candles += r.End - r.Start;
            if (r.End > r.Start)
            {
                first = Math.Min(first, r.OpenTime(r.Start));
                last = Math.Max(last, r.OpenTime(r.End - 1));
            }
        }
        trades.Sort(static (a, b) => a.SignalTimeMs != b.SignalTimeMs ? a.SignalTimeMs.CompareTo(b.SignalTimeMs) : string.CompareOrdinal(a.Symbol, b.Symbol));
        for (var i = 0; i < trades.Count; i++)
        {
            trades[i] = trades[i] with { SignalId = i + 1 };
        }
        var soft = MetricsCalculator.Compute(trades, strictOnly: false);
        var strict = MetricsCalculator.Compute(trades, strictOnly: true);
        var elapsed = clock.Elapsed;
        var summary = new BacktestSummary(
            request.Interval,
            first == long.MaxValue ? "" : Iso(first),
            last == long.MinValue ? "" : Iso(last),
            symbols,
            candles,
            (long)elapsed.TotalMilliseconds,
            elapsed.TotalSeconds > 0 ? Math.Round(candles / elapsed.TotalSeconds) : 0,
            soft,
            strict);
        return new BacktestResult(trades, summary);
    }

    private static void RunInTimeOrder(SymbolReplay[] replays, ISignalGuardBook book)
    {
        // Candles of all symbols merged by open time; same time: symbol order. Closes of a timestamp are seen by the
        // guards of later symbols at that timestamp, which is the order a live scanner would see them in, too.
        var cursor = new int[replays.Length];
        for (var i = 0; i < replays.Length; i++)
        {
            cursor[i] = replays[i].Start;
        }
        while (true)
        {
            var best = -1;
            long bestTime = long.MaxValue;
            for (var i = 0; i < replays.Length; i++)
            {
                if (cursor[i] < replays[i].End && replays[i].OpenTime(cursor[i]) < bestTime)
                {
                    best = i;
                    bestTime = replays[i].OpenTime(cursor[i]);
                }
            }
            if (best < 0)
            {
                break;
            }
            replays[best].Process(cursor[best]++, book);
        }
        foreach (var r in replays)
        {
            r.Finish(book);
        }
    }

    private static void RunParallel(int count, ParallelOptions options, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, options, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Surface the first real failure (a malformed file names itself and its line).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }

    private static List<string> ResolveSymbols(BacktestRequest request)
    {
        var symbols = new List<string>();
        if (request.Symbols is { Count: > 0 })
        {
            foreach (var raw in request.Symbols)
            {
                var symbol = raw.Trim().ToUpperInvariant();
                if (symbol.Length == 0 || symbols.Contains(symbol, StringComparer.Ordinal))
                {
                    continue;
                }
                if (!File.Exists(FilePath(request, symbol)))
                {
                    throw new BacktestInputException($"--symbols: no file {symbol}-{request.Interval}.csv in '{request.DataDirectory}'");
                }
                symbols.Add(symbol);
            }
        }
        else
        {
            var suffix = $"-{request.Interval}.csv";
            foreach (var file in Directory.EnumerateFiles(request.DataDirectory, "*" + suffix))
            {
                var name = Path.GetFileName(file);
                symbols.Add(name[..^suffix.Length].ToUpperInvariant());
            }
            symbols.Sort(StringComparer.Ordinal);
        }
        if (symbols.Count == 0)
        {
            throw new BacktestInputException($"--data: no *-{request.Interval}.csv candle files in '{request.DataDirectory}'");
        }
        return symbols;
    }

    private static string FilePath(BacktestRequest request, string symbol) => Path.Combine(request.DataDirectory, $"{symbol}-{request.Interval}.csv");

    private static int LowerBound(long[] times, int count, long value)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (times[mid] < value)
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

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
