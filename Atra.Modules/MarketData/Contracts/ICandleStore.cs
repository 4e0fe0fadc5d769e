namespace Atra.Modules.MarketData.Contracts;

/// <summary>The last <c>Market:StoreDepth</c> closed candles per symbol and interval, in open-time order.</summary>
public interface ICandleStore
{
    /// <summary>A copy of the window, oldest first; empty for an unknown symbol or interval.</summary>
    IReadOnlyList<Candle> Window(string symbol, string interval);

    bool TryGetLast(string symbol, string interval, out Candle candle);

    /// <summary>The symbols that have candles of <paramref name="interval"/>, in ordinal order.</summary>
    IReadOnlyList<string> Symbols(string interval);
}
