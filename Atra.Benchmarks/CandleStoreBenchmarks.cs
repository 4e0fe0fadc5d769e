using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Store;
using BenchmarkDotNet.Attributes;

namespace Atra.Benchmarks;

/// <summary>
/// The candle store at the size the issue targets: 500 symbols × 3 intervals × 1,000 candles. Fill measures the
/// allocation of the whole store (MemoryDiagnoser: about 48 bytes per candle); Append measures the steady state,
/// which must not allocate.
/// </summary>
[MemoryDiagnoser]
public class CandleStoreBenchmarks
{
    private static readonly string[] Intervals = ["5m", "1h", "4h"];
    private string[] _symbols = [];
    private CandleStore _full = null!;
    private long _time;

    [GlobalSetup]
    public void Setup()
    {
        _symbols = Enumerable.Range(0, 500).Select(i => $"SYM{i:D3}USDT").ToArray();
        _full = Fill();
        _time = 1000;
    }

    [Benchmark]
    public object FillStore() => Fill();

    /// <summary>One new closed candle for every symbol and interval (1,500 appends) into full rings.</summary>
    [Benchmark]
    public int AppendToFullStore()
    {
        _time++;
        var appended = 0;
        foreach (var symbol in _symbols)
        {
            foreach (var interval in Intervals)
            {
                if (_full.Append(symbol, interval, new Candle(_time, 1, 2, 0.5, 1.5, 10)) == AppendResult.Appended)
                {
                    appended++;
                }
            }
        }
        return appended;
    }

    private CandleStore Fill()
    {
        var store = new CandleStore(1000);
        foreach (var symbol in _symbols)
        {
            foreach (var interval in Intervals)
            {
                for (var t = 0; t < 1000; t++)
                {
                    store.Append(symbol, interval, new Candle(t, 1, 2, 0.5, 1.5, t));
                }
            }
        }
        return store;
    }
}
