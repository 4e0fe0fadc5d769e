using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Health.StatusPage;

/// <summary>
/// Recent candles for the status page's chart. The integrator points it at MarketData's candle store (a query
/// in <c>MarketData.Contracts</c>); until then <see cref="NoStatusCandleSource"/> has none and the chart says so.
/// </summary>
internal interface IStatusCandleSource
{
    /// <summary>Symbols the chart can show (those with stored candles).</summary>
    ValueTask<IReadOnlyList<string>> SymbolsAsync(CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> closed candles, oldest first.</summary>
    ValueTask<IReadOnlyList<Candle>> RecentAsync(string symbol, string interval, int limit, CancellationToken cancellationToken);
}
