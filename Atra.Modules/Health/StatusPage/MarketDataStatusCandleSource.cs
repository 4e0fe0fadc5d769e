using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Health.StatusPage;

/// <summary>The chart's candles, straight from MarketData's in-memory candle store.</summary>
internal sealed class MarketDataStatusCandleSource(ICandleStore store, string interval) : IStatusCandleSource
{
    public ValueTask<IReadOnlyList<string>> SymbolsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(store.Symbols(interval));

    public ValueTask<IReadOnlyList<Candle>> RecentAsync(string symbol, string interval, int limit, CancellationToken cancellationToken)
    {
        var window = store.Window(symbol, interval);
        IReadOnlyList<Candle> recent = window.Count <= limit ? window : [.. window.Skip(window.Count - limit)];
        return ValueTask.FromResult(recent);
    }
}
