namespace Atra.Modules.MarketData.Contracts;

/// <summary>The symbols Atra watches: <c>Market:Symbols</c>, or the top <c>Market:UniverseTopN</c> USDT pairs by 24 h quote volume.</summary>
public interface IMarketUniverse
{
    IReadOnlyList<string> Symbols { get; }

    /// <summary>The candle intervals streamed (<c>Market:Intervals</c>): no <see cref="CandleClosed"/> comes for any other.</summary>
    IReadOnlyList<string> Intervals { get; }
}
