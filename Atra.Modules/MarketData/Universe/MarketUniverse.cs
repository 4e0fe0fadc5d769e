using System.Collections.Frozen;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Atra.Modules.MarketData.Replay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData.Universe;

/// <summary>
/// The symbols Atra watches and their trading rules. Live: <c>Market:Symbols</c> (minus those not trading) or
/// the top <c>Market:UniverseTopN</c> <c>Market:QuoteAsset</c> pairs by 24 h quote volume among the TRADING
/// symbols, plus <c>Market:AlwaysInclude</c>. Replay: the symbols that have files.
/// </summary>
internal sealed partial class MarketUniverse(ICandleSource source, IOptions<MarketOptions> options, ILogger<MarketUniverse> logger)
    : IMarketUniverse, ISymbolRulesProvider
{
    private readonly MarketOptions _options = options.Value;
    private volatile IReadOnlyList<string> _symbols = [];
    private volatile FrozenDictionary<string, SymbolRules> _rules = FrozenDictionary<string, SymbolRules>.Empty;

    public IReadOnlyList<string> Symbols => _symbols;

    public IReadOnlyList<string> Intervals => _options.Intervals;

    public SymbolRules? Get(string symbol) => _rules.GetValueOrDefault(symbol);

    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken ct)
    {
        IReadOnlyList<string> symbols;
        if (source is ReplayCandleSource replay)
        {
            var files = _options.Intervals.SelectMany(replay.ListSymbols).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            symbols = _options.Symbols.Count == 0 ? files : files.Where(s => _options.Symbols.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        else if (source is IExchangeCatalog catalog)
        {
            var listed = await catalog.GetSymbolsAsync(ct).ConfigureAwait(false);
            _rules = listed.ToFrozenDictionary(s => s.Rules.Symbol, s => s.Rules, StringComparer.Ordinal);
            var volumes = _options.Symbols.Count == 0 ? await catalog.GetQuoteVolumesAsync(ct).ConfigureAwait(false) : [];
            symbols = Select(listed, volumes, _options.Symbols, _options.UniverseTopN, _options.QuoteAsset, _options.AlwaysInclude);
            foreach (var missing in _options.Symbols.Where(s => !symbols.Contains(s.ToUpperInvariant(), StringComparer.Ordinal)))
            {
                LogExcluded(logger, missing);
            }
        }
        else
        {
            symbols = [.. _options.Symbols.Select(s => s.ToUpperInvariant())];
        }
        _symbols = symbols;
        return symbols;
    }

    /// <summary>The universe rule, apart from I/O: only TRADING, listable symbols; explicit list or top N by quote volume.</summary>
    internal static List<string> Select(
        IReadOnlyList<ExchangeSymbol> listed,
        IReadOnlyList<(string Symbol, decimal QuoteVolume)> volumes,
        IReadOnlyList<string> explicitSymbols,
        int topN,
        string quoteAsset,
        IReadOnlyList<string> alwaysInclude)
    {
        var trading = listed.Where(s => s.Listable && s.Rules.Status == "TRADING").ToDictionary(s => s.Rules.Symbol, StringComparer.Ordinal);
        if (explicitSymbols.Count > 0)
        {
            return explicitSymbols.Select(s => s.ToUpperInvariant()).Where(trading.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        }
        var top = volumes
            .Where(v => trading.TryGetValue(v.Symbol, out var s) && string.Equals(s.QuoteAsset, quoteAsset, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(v => v.QuoteVolume)
            .ThenBy(v => v.Symbol, StringComparer.Ordinal)
            .Select(v => v.Symbol)
            .Distinct(StringComparer.Ordinal)
            .Take(topN)
            .ToList();
        foreach (var always in alwaysInclude)
        {
            var symbol = always.ToUpperInvariant();
            if (trading.ContainsKey(symbol) && !top.Contains(symbol, StringComparer.Ordinal))
            {
                top.Add(symbol);
            }
        }
        return top;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Market:Symbols names {Symbol}, which the exchange does not list as trading; it is not watched")]
    private static partial void LogExcluded(ILogger logger, string symbol);
}
