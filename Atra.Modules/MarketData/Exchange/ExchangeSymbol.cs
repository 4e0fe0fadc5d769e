using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.MarketData.Exchange;

/// <summary>A symbol as an exchange lists it; <paramref name="Listable"/> is false for markets the universe never takes (quarterly futures, spot trading off).</summary>
internal sealed record ExchangeSymbol(SymbolRules Rules, string QuoteAsset, bool Listable);
