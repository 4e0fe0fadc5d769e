using System.Collections.Concurrent;
using Atra.Modules.MarketData.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Store;

/// <summary>The bounded in-memory candle windows, one <see cref="CandleRing"/> per symbol and interval.</summary>
internal sealed class CandleStore(int depth, DataQualityTracker? quality = null) : ICandleStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, CandleRing>> _byInterval = new(StringComparer.Ordinal);

    public CandleStore(IOptions<MarketOptions> options)
        : this(options.Value.StoreDepth)
    {
    }

    public int Depth { get; } = depth;

    public AppendResult Append(string symbol, string interval, in Candle candle)
    {
        var result = _byInterval.GetOrAdd(interval, _ => new(StringComparer.Ordinal)).GetOrAdd(symbol, _ => new CandleRing(Depth)).Append(candle);
        // Every candle offered, whatever its source (stream, catch-up, replay), is counted for data quality.
        quality?.Record(symbol, interval, candle, result);
        return result;
    }

    public IReadOnlyList<Candle> Window(string symbol, string interval) =>
        Ring(symbol, interval)?.ToArray() ?? [];

    public bool TryGetLast(string symbol, string interval, out Candle candle)
    {
        candle = default;
        return Ring(symbol, interval)?.TryGetLast(out candle) == true;
    }

    public IReadOnlyList<string> Symbols(string interval)
    {
        if (!_byInterval.TryGetValue(interval, out var rings))
        {
            return [];
        }
        var list = new List<string>(rings.Count);
        foreach (var (symbol, ring) in rings)
        {
            if (ring.Count > 0)
            {
                list.Add(symbol);
            }
        }
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private CandleRing? Ring(string symbol, string interval) =>
        _byInterval.TryGetValue(interval, out var rings) && rings.TryGetValue(symbol, out var ring) ? ring : null;
}
