namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// One closed candle, keyed (with its symbol and interval) by its open time in UTC milliseconds. Prices are
/// doubles: indicator and strategy math runs in double; money is converted to decimal at the storage edge.
/// </summary>
public readonly record struct Candle(long OpenTimeMs, double Open, double High, double Low, double Close, double Volume);
