using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Health.StatusPage;

/// <summary>No candle store wired yet.</summary>
internal sealed class NoStatusCandleSource : IStatusCandleSource
{
    public ValueTask<IReadOnlyList<string>> SymbolsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<string>>([]);

    public ValueTask<IReadOnlyList<Candle>> RecentAsync(string symbol, string interval, int limit, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Candle>>([]);
}
