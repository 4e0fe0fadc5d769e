using System.IO.Compression;
using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;
using BenchmarkDotNet.Attributes;

namespace Atra.Benchmarks;

/// <summary>
/// The 14 indicator columns over BTCUSDT-1h candles: whole-series (<see cref="IndicatorEngine"/>) and streaming
/// (<see cref="StreamingIndicators"/>, one candle at a time), with allocations.
/// Candles: the file named by <c>ATRA_BENCH_CANDLES</c> (e.g. a full BTCUSDT-1h.csv), else the repository's test
/// slice (Atra.Tests/TestData/Indicators/BTCUSDT-1h.csv.gz, 10,000 rows).
/// <c>dotnet run -c Release --project Atra.Benchmarks -- --filter '*IndicatorBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class IndicatorBenchmarks
{
    private CandleSeries _series = null!;
    private Candle[] _candles = null!;
    private IndicatorTable _table = null!;

    [GlobalSetup]
    public void Setup()
    {
        _series = Load();
        _candles = new Candle[_series.Count];
        for (var i = 0; i < _candles.Length; i++)
        {
            _candles[i] = _series[i];
        }
        _table = new IndicatorTable(_series.Count);
    }

    /// <summary>Whole series into a preallocated table (what <c>atra indicators --repeat</c> times).</summary>
    [Benchmark(Baseline = true)]
    public double WholeSeries()
    {
        IndicatorEngine.Compute(_series, _table);
        return _table.Adx14[^1];
    }

    /// <summary>Whole series including the table's allocation (the <see cref="IndicatorEngine.Compute(CandleSeries)"/> call).</summary>
    [Benchmark]
    public double WholeSeriesAllocating() => IndicatorEngine.Compute(_series).Adx14[^1];

    /// <summary>Every candle through a fresh streaming engine.</summary>
    [Benchmark]
    public double Streaming()
    {
        var engine = new StreamingIndicators(_series.Interval);
        var row = default(IndicatorSnapshot);
        var candles = _candles;
        for (var i = 0; i < candles.Length; i++)
        {
            engine.Update(in candles[i], ref row);
        }
        return row.Adx14;
    }

    private static CandleSeries Load()
    {
        if (Environment.GetEnvironmentVariable("ATRA_BENCH_CANDLES") is { Length: > 0 } path)
        {
            return CandleCsvReader.ReadFile(path);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var slice = Path.Combine(dir.FullName, "Atra.Tests", "TestData", "Indicators", "BTCUSDT-1h.csv.gz");
            if (File.Exists(slice))
            {
                using var gzip = new GZipStream(File.OpenRead(slice), CompressionMode.Decompress);
                using var memory = new MemoryStream();
                gzip.CopyTo(memory);
                return CandleCsvReader.Parse(memory.ToArray(), slice, "BTCUSDT", "1h");
            }
        }
        throw new FileNotFoundException("No candles: set ATRA_BENCH_CANDLES to a candle CSV (the repository's test slice was not found above " + AppContext.BaseDirectory + ")");
    }
}
