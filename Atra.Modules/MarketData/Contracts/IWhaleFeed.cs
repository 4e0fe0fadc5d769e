namespace Atra.Modules.MarketData.Contracts;

/// <summary>Whale impact of <c>STRATEGY.md</c>, from the exchange's aggregated trades of the last 15 minutes.</summary>
public interface IWhaleFeed
{
    /// <summary>
    /// Net notional (buys minus sells) of the trades at or above the whale size (the larger of
    /// <c>Market:WhaleMinNotional</c> and the 99.9th percentile trade notional) divided by their total notional,
    /// in [−1, 1]; 0 without a trade feed or without whale trades.
    /// </summary>
    double WhaleImpact(string symbol);
}
