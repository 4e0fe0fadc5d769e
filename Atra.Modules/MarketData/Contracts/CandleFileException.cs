namespace Atra.Modules.MarketData.Contracts;

/// <summary>A candle file that cannot be used; the message names the file, the line and the column.</summary>
public sealed class CandleFileException(string message) : Exception(message);
