namespace Atra.Modules.MarketData.Contracts;

/// <summary>The rules of the configured exchange, refreshed with the universe; null for an unknown symbol or in replays.</summary>
public interface ISymbolRulesProvider
{
    SymbolRules? Get(string symbol);
}
