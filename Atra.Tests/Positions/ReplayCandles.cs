using Atra.Modules.MarketData.Contracts;

namespace Atra.Tests.Positions;

/// <summary>The candles published so far, as MarketData's store would hold them (it outlives a "restart" of the modules).</summary>
internal sealed class ReplayCandles : ICandleStore
{
    private readonly Dictionary<string, List<Candle>> _candles = new(StringComparer.Ordinal);

    public void Add(string symbol, Candle candle)
    {
        if (!_candles.TryGetValue(symbol, out var list))
        {
            _candles[symbol] = list = [];
        }
        list.Add(candle);
    }

    public IReadOnlyList<Candle> Window(string symbol, string interval) => _candles.TryGetValue(symbol, out var list) ? [.. list] : [];

    public bool TryGetLast(string symbol, string interval, out Candle candle)
    {
        candle = default;
        if (!_candles.TryGetValue(symbol, out var list) || list.Count == 0)
        {
            return false;
        }
        candle = list[^1];
        return true;
    }

    public IReadOnlyList<string> Symbols(string interval) => [.. _candles.Keys.Order(StringComparer.Ordinal)];
}
