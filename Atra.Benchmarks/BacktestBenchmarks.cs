using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Backtest;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Risk.Guards;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Strategy;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace Atra.Benchmarks;

/// <summary>
/// The backtest runner as <c>atra backtest</c> calls it (read, indicators, replay, metrics; not writing the reports) on the repository's <c>samples/</c> (5 × 9,000 1h
/// candles), or on the folder in <c>ATRA_BENCH_DATA</c> with <c>ATRA_BENCH_INTERVAL</c> (e.g. the 5m files).
/// Candles per second = candles / mean time. <c>atra backtest</c> prints the same figure as candles_per_second.
/// </summary>
[MemoryDiagnoser]
public class BacktestBenchmarks
{
    private BacktestRunner _runner = null!;
    private BacktestRequest _request = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var risk = new RiskSettings();
        var signals = new SignalsSettings();
        _runner = new BacktestRunner(new EmaCrossStrategy(signals), Options.Create(risk), Options.Create(signals), new SignalGuardBookFactory(Options.Create(risk)), []);
        var folder = Environment.GetEnvironmentVariable("ATRA_BENCH_DATA") ?? Path.Combine(RepositoryRoot(), "samples");
        var interval = Environment.GetEnvironmentVariable("ATRA_BENCH_INTERVAL") ?? "1h";
        _request = new BacktestRequest(folder, interval, null, null, null, false, path => CandleCsvReader.ReadFile(path))
        {
            MaxDegreeOfParallelism = Threads,
            LoadFileInto = (path, reuse) => CandleCsvReader.ReadFile(path, reuse),
        };
    }

    [Benchmark]
    public long Backtest() => _runner.Run(_request).Summary.Candles;

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Atra.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
