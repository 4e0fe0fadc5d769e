using System.Diagnostics;
using System.Globalization;
using Atra.Modules.Backtest;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.MLOps;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Risk.Guards;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Strategy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Atra.Benchmarks -- ml-bench REGISTRY [PREDICTIONS]</c>: the champion of a
/// registry (e.g. after <c>atra mlops --action retrain --data DIR --MLOps:RegistryFolder=REGISTRY</c>) as the
/// scanner and the backtest call it. Prints the model's memory (managed heap growth for loading it and its first
/// engine, and the zip's size), then one prediction's latency, each call timed on its own, single-threaded, over the
/// version's own out-of-sample rows as candidates: p50, p99, p99.9 and max of <c>ChampionModel.Predict</c> (features,
/// pooled engine, calibration, metrics) against the reference measured in the same run, the same loop around the
/// feature vector alone (the timer's and the loop's own cost).
/// </summary>
internal static class MlPredictBenchmark
{
    public static int Run(string registryFolder, int predictions)
    {
        var options = Options.Create(new MLOpsOptions { RegistryFolder = registryFolder, ReloadInterval = TimeSpan.FromHours(1) });
        var registry = new ModelRegistry(options, Options.Create(new StorageOptions()), TimeProvider.System);
        if (registry.ReadAliases().Champion is not { } version)
        {
            Console.Error.WriteLine($"ml-bench: no champion in {registry.Folder}");
            return 1;
        }
        var rows = registry.ReadEvaluation(version);
        var candidates = rows.Select(r => Candidate(r.Features)).ToArray();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var serving = new ChampionModel(registry, options, TimeProvider.System, NullLogger<ChampionModel>.Instance);
        var first = serving.Predict(in candidates[0]);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var zip = new FileInfo(Path.Combine(registry.VersionFolder(version), "model.zip")).Length;
        var card = serving.Card!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model v{version} {card.Trainer}: managed heap +{(after - before) / 1048576.0:F2} MB loaded with one engine, zip {zip / 1024.0:F0} KB, first p={first.Probability:F4}"));

        // Warm-up: tiering and the engine pool settle before anything is timed.
        Span<double> raw = stackalloc double[FeatureSchema.Count];
        for (var i = 0; i < 50_000; i++)
        {
            ref readonly var c = ref candidates[i % candidates.Length];
            serving.Predict(in c);
            FeatureSchema.Fill(c.Side, c.Entry, in c.Features, raw);
        }
        var model = new long[predictions];
        var reference = new long[predictions];
        var sink = 0.0;
        for (var i = 0; i < predictions; i++)
        {
            ref readonly var c = ref candidates[i % candidates.Length];
            var t0 = Stopwatch.GetTimestamp();
            FeatureSchema.Fill(c.Side, c.Entry, in c.Features, raw);
            var t1 = Stopwatch.GetTimestamp();
            sink += serving.Predict(in c).Probability;
            var t2 = Stopwatch.GetTimestamp();
            reference[i] = t1 - t0;
            model[i] = t2 - t1;
            sink += raw[3];
        }
        Console.WriteLine($"predictions: {predictions} over {candidates.Length} real candidates (checksum {sink:F3})");
        Print("ChampionModel.Predict", model);
        Print("reference (feature vector only)", reference);
        serving.Dispose();
        return 0;
    }

    /// <summary>
    /// <c>ml-backtest-bench REGISTRY DATA [PAIRS] [INTERVAL]</c>: the backtest of DATA in this process, single-threaded,
    /// plain and with REGISTRY's champion as the ML filter (as <c>atra backtest --ml</c>), in alternating pairs after
    /// one warm-up pair; per run the candles per second of the wall clock and of the process's CPU time (less
    /// sensitive to a loaded box), then the medians and the ratio ml / plain.
    /// </summary>
    public static int RunBacktest(string registryFolder, string data, int pairs, string interval)
    {
        var options = Options.Create(new MLOpsOptions { RegistryFolder = registryFolder, ReloadInterval = TimeSpan.FromHours(1) });
        var registry = new ModelRegistry(options, Options.Create(new StorageOptions()), TimeProvider.System);
        using var serving = new ChampionModel(registry, options, TimeProvider.System, NullLogger<ChampionModel>.Instance);
        if (!serving.IsActive)
        {
            Console.Error.WriteLine($"ml-backtest-bench: no champion can serve in {registry.Folder}");
            return 1;
        }
        var risk = new RiskSettings();
        var signals = new SignalsSettings();
        var runner = new BacktestRunner(new EmaCrossStrategy(signals), Options.Create(risk), Options.Create(signals), new SignalGuardBookFactory(Options.Create(risk)), [serving]);
        var request = new BacktestRequest(data, interval, null, null, null, false, path => CandleCsvReader.ReadFile(path))
        {
            LoadFileInto = (path, reuse) => CandleCsvReader.ReadFile(path, reuse),
            MaxDegreeOfParallelism = 1,
        };
        var wall = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        var cpu = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        var process = Process.GetCurrentProcess();
        for (var pair = 0; pair <= pairs; pair++)
        {
            foreach (var ml in new[] { false, true })
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = runner.Run(request with { UseMl = ml });
                var elapsed = clock.Elapsed;
                process.Refresh();
                var used = process.TotalProcessorTime - cpu0;
                if (pair == 0)
                {
                    continue;
                }
                var candles = result.Summary.Candles;
                wall[ml].Add(candles / elapsed.TotalSeconds);
                cpu[ml].Add(candles / used.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(ml ? "ml   " : "plain")} pair {pair}: {candles} candles, {result.Trades.Count} trades, {candles / elapsed.TotalSeconds:F0} candles/s wall, {candles / used.TotalSeconds:F0} candles/s CPU"));
            }
        }
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median wall: plain {Median(wall[false]):F0}, ml {Median(wall[true]):F0} candles/s, ratio {Median(wall[true]) / Median(wall[false]):F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median CPU:  plain {Median(cpu[false]):F0}, ml {Median(cpu[true]):F0} candles/s, ratio {Median(cpu[true]) / Median(cpu[false]):F3}"));
        return 0;
    }

    private static void Print(string name, long[] ticks)
    {
        Array.Sort(ticks);
        double Us(double q) => ticks[Math.Min(ticks.Length - 1, (int)(q * ticks.Length))] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} p50 {Us(0.50),7:F2} us  p99 {Us(0.99),7:F2} us  p99.9 {Us(0.999),7:F2} us  max {ticks[^1] * 1e6 / Stopwatch.Frequency,8:F1} us"));
    }

    /// <summary>A candidate whose feature vector is <paramref name="f"/> (entry 100, EMA25 100, the rest as stored).</summary>
    private static SignalCandidate Candidate(double[] f)
    {
        const double entry = 100;
        var atr = f[6] * entry;
        return new SignalCandidate
        {
            Side = f[0] >= 0.5 ? TradeSide.Long : TradeSide.Short,
            Mode = FilterMode.Strict,
            Entry = entry,
            Features = new SignalFeatures
            {
                Ema25 = 100, Ema7 = 100 + (f[1] * atr), Atr14 = atr, Rsi14 = f[2], Adx14 = f[3], StochRsiK = f[4], StochRsiD = f[5], BbPos = f[7],
                VolumeRatio = f[8], Momentum1h = f[9], Momentum4h = f[10],
                BtcTrend = f[11] switch { 1 => BtcTrend.Bullish, 0 => BtcTrend.Neutral, -1 => BtcTrend.Bearish, _ => BtcTrend.Unknown },
                BtcMomentum1h = f[12], AnomalyScore = f[13], WhaleImpact = double.NaN, NewsImpact = double.NaN, MlProbability = double.NaN,
            },
        };
    }
}
