namespace Atra.Modules.Risk.Contracts;

// "Long" and "Short" are the trading words, not the integer types.
#pragma warning disable CA1720

/// <summary>Direction of a signal or position; the value is the direction sign d; written <c>long</c>/<c>short</c> at the edges.</summary>
public enum TradeSide
{
    Long = 1,
    Short = -1,
}
