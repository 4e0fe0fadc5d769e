namespace Atra.Modules.MarketData.Exchange;

/// <summary>What a live source knows beyond candles: its symbols and rules, 24 h quote volumes, and (Binance) trades.</summary>
internal interface IExchangeCatalog
{
    Task<IReadOnlyList<ExchangeSymbol>> GetSymbolsAsync(CancellationToken ct);

    /// <summary>24 h quote volume per symbol.</summary>
    Task<IReadOnlyList<(string Symbol, decimal QuoteVolume)>> GetQuoteVolumesAsync(CancellationToken ct);

    /// <summary>Feeds aggregated trades of <paramref name="symbols"/> to the whale tracker until cancelled; false when the source has no trade feed.</summary>
    bool SupportsTradeFeed { get; }

    Task RunTradeFeedAsync(IReadOnlyList<string> symbols, CancellationToken ct);
}
