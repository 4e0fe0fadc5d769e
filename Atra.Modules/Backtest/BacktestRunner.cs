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

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        // One step for every symbol (it keeps no per-symbol state); without --ml it asks no model.
        var step = new SignalStep(strategy, risk.Value, request.UseMl ? models : []);
        var progress = new ProgressCounter(request.Progress, loads.Count + symbols.Count);
        var runs = guards.Create().CrossSymbol
            ? RunInTimeOrder(request, symbols, loads, btcSymbol, step, guards.Create(), parallel, progress)
            : RunPerSymbol(request, symbols, btcSymbol, btcPath, step, parallel, progress);

        var trades = new List<BacktestTrade>();
        long candles = 0;
        long first = long.MaxValue, last = long.MinValue;
        foreach (var r in runs)
        {
            trades.AddRange(r.Trades);
            candles += r.Candles;
            if (r.Candles > 0)
            {
                first = Math.Min(first, r.FirstMs);
                last = Math.Max(last, r.LastMs);
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

    /// <summary>
    /// Symbols in parallel, each load-compute-replay on one worker. The candle and indicator arrays of a finished
    /// symbol are reused for the next one (only the trades are kept), so memory grows with the thread count, not
    /// the symbol count, and fresh memory (page faults are a large part of a run) is touched once per thread.
    /// </summary>
    private SymbolRun[] RunPerSymbol(BacktestRequest request, List<string> symbols, string btcSymbol, string btcPath,
        SignalStep step, ParallelOptions parallel, ProgressCounter progress)
    {
        // Whichever worker needs BTC first loads it; the others wait for it. BTC's own arrays are never reused.
        var btc = new Lazy<BtcSeries?>(() =>
        {
            if (!symbols.Contains(btcSymbol, StringComparer.Ordinal) && !File.Exists(btcPath))
            {
                return null;
            }
            var series = request.LoadFile(btcPath);
            if (!symbols.Contains(btcSymbol, StringComparer.Ordinal))
            {
                progress.Report($"loaded {btcSymbol}: {series.Count} candles");
            }
            return BtcSeries.Compute(series);
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        var runs = new SymbolRun[symbols.Count];
        // Workspaces are handed from symbol to symbol, not tied to a Parallel.For task (a new task would otherwise
        // touch fresh memory for arrays another one just left).
        var workspaces = new System.Collections.Concurrent.ConcurrentBag<Workspace>();
        RunParallel(symbols.Count, parallel, i =>
        {
            var symbol = symbols[i];
            // Symbols compute their indicators while replaying (streaming form, the same rows as the table), so only
            // the EMA columns the strategy reads back are kept, in arrays handed on to the next symbol.
            var workspace = workspaces.TryTake(out var free) ? free : new Workspace();
            CandleSeries series;
            if (symbol == btcSymbol)
            {
                series = btc.Value!.Candles;
            }
            else
            {
                var path = FilePath(request, symbol);
                series = request.LoadFileInto is { } into ? into(path, workspace.Series) : request.LoadFile(path);
                workspace.Series = series;
            }
            workspace.EnsureEma(series.Count);
            progress.Report($"loaded {symbol}: {series.Count} candles");
            var b = btc.Value;
            var (start, end) = Range(request, series);
            // Per-symbol guards only read their own symbol's history, so a book per symbol is the same as one shared.
            var replay = new SymbolReplay(series, workspace.Ema7, workspace.Ema25, b, symbol == btcSymbol, start, end, step, guards.Create());
            replay.Run();
            runs[i] = new SymbolRun(replay);
            workspaces.Add(workspace);
            progress.Report($"replayed {symbol}: {replay.Trades.Count} signals");
        });
        return runs;
    }

    /// <summary>
    /// A guard couples symbols (StoplossGuard across symbols, MaxOpenSignals): every series stays loaded and the
    /// candles of all symbols are replayed merged by open time; same time: symbol order. Closes of a timestamp are
    /// seen by the guards of later symbols at that timestamp, which is the order a live scanner would see them in, too.
    /// </summary>
    private static SymbolRun[] RunInTimeOrder(BacktestRequest request, List<string> symbols, List<string> loads, string btcSymbol,
        SignalStep step, ISignalGuardBook book, ParallelOptions parallel, ProgressCounter progress)
    {
        var series = new CandleSeries[loads.Count];
        var tables = new IndicatorTable[loads.Count];
        RunParallel(loads.Count, parallel, i =>
        {
            series[i] = request.LoadFile(FilePath(request, loads[i]));
            tables[i] = IndicatorEngine.Compute(series[i]);
            progress.Report($"loaded {loads[i]}: {series[i].Count} candles");
        });
        var btcIndex = loads.IndexOf(btcSymbol);
        var btc = btcIndex >= 0 ? new BtcSeries(series[btcIndex], tables[btcIndex]) : null;
        var replays = new SymbolReplay[symbols.Count];
        for (var i = 0; i < symbols.Count; i++)
        {
            var (start, end) = Range(request, series[i]);
            replays[i] = new SymbolReplay(series[i], tables[i], btc, symbols[i] == btcSymbol, start, end, step, book);
        }

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
            replays[best].Process(cursor[best]++);
        }
        var runs = new SymbolRun[replays.Length];
        for (var i = 0; i < replays.Length; i++)
        {
            replays[i].Finish();
            runs[i] = new SymbolRun(replays[i]);
            progress.Report($"replayed {replays[i].Symbol}: {replays[i].Trades.Count} signals");
        }
        return runs;
    }

    private static (int Start, int End) Range(BacktestRequest request, CandleSeries s)
    {
        var start = request.FromMs is { } from ? LowerBound(s.OpenTimeMs, s.Count, from) : 0;
        var end = request.ToMs is { } to ? LowerBound(s.OpenTimeMs, s.Count, to) : s.Count;
        return (start, Math.Max(start, end));
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

    /// <summary>What the summary needs of one symbol's replay (the replay's arrays may be reused after it).</summary>
    private sealed class SymbolRun(SymbolReplay replay)
    {
        public List<BacktestTrade> Trades { get; } = replay.Trades;

        public long Candles { get; } = replay.End - replay.Start;

        public long FirstMs { get; } = replay.End > replay.Start ? replay.OpenTime(replay.Start) : 0;

        public long LastMs { get; } = replay.End > replay.Start ? replay.OpenTime(replay.End - 1) : 0;
    }

    /// <summary>Candle and EMA arrays, reused from symbol to symbol (one in use per running symbol).</summary>
    private sealed class Workspace
    {
        public CandleSeries? Series { get; set; }

        public double[] Ema7 { get; private set; } = [];

        public double[] Ema25 { get; private set; } = [];

        public void EnsureEma(int count)
        {
            if (Ema7.Length < count)
            {
                // Uninitialised: row k is written before anything reads it.
                Ema7 = GC.AllocateUninitializedArray<double>(count + (count / 4));
                Ema25 = GC.AllocateUninitializedArray<double>(count + (count / 4));
            }
        }
    }

    private sealed class ProgressCounter(IProgress<BacktestProgress>? progress, int total)
    {
        private int _done;

        public void Report(string message) => progress?.Report(new BacktestProgress(Interlocked.Increment(ref _done), total, message));
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
