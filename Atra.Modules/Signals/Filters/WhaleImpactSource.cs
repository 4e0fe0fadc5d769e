using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Filters;

/// <summary>Whale impact from MarketData's trade feed; 0 where none is registered (backtests, tests).</summary>
internal sealed class WhaleImpactSource(IEnumerable<IWhaleFeed> feeds) : IWhaleImpactSource
{
    private readonly IWhaleFeed? _feed = feeds.FirstOrDefault();

    public ValueTask<double> GetAsync(string symbol, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_feed is null ? 0.0 : Math.Clamp(_feed.WhaleImpact(symbol), -1.0, 1.0));
}
