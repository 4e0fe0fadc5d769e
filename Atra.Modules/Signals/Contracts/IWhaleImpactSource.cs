namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// Whale impact w ∈ [−1, 1] for a symbol now (STRATEGY.md). The Signals module adapts MarketData's whale feed
/// to this; without a feed it answers 0.
/// </summary>
public interface IWhaleImpactSource
{
    ValueTask<double> GetAsync(string symbol, CancellationToken cancellationToken);
}
