namespace Atra.Modules.MarketData.Contracts;

/// <summary>Where candles come from: Binance, Bybit or a replay of candle files (<c>Market:Source</c>).</summary>
public interface ICandleSource
{
    /// <summary><c>Binance</c>, <c>Bybit</c> or <c>Replay</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Closed candles in open-time order. With <paramref name="startMs"/> the first <paramref name="limit"/> candles
    /// from there; otherwise the last <paramref name="limit"/> candles up to <paramref name="endMs"/> (or now).
    /// Long ranges are fetched in pages.
    /// </summary>
    Task<IReadOnlyList<Candle>> GetHistoryAsync(string symbol, string interval, long? startMs, long? endMs, int limit, CancellationToken ct);

    /// <summary>
    /// Closed candles as they close, until cancelled. Live sources reconnect on their own; a consumer fills the
    /// candles missed while disconnected through <see cref="GetHistoryAsync"/>. A replay ends with its files.
    /// </summary>
    IAsyncEnumerable<(string Symbol, Candle Candle)> StreamClosedAsync(IReadOnlyList<string> symbols, string interval, CancellationToken ct);
}
