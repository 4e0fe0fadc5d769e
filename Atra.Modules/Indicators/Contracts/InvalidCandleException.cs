namespace Atra.Modules.Indicators.Contracts;

/// <summary>
/// A candle the indicators cannot use (non-finite or non-positive price, high below low, negative or non-finite
/// volume). The message names the row (0-based, in the order given) and the column.
/// </summary>
public sealed class InvalidCandleException : ArgumentException
{
    public InvalidCandleException()
    {
        Column = string.Empty;
    }

    public InvalidCandleException(string message)
        : base(message)
    {
        Column = string.Empty;
    }

    public InvalidCandleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Column = string.Empty;
    }

    public InvalidCandleException(string message, string? paramName, long row, string column)
        : base(message, paramName)
    {
        Row = row;
        Column = column;
    }

    /// <summary>The 0-based row (for the streaming form: the number of candles accepted before it).</summary>
    public long Row { get; }

    /// <summary>The offending column: open, high, low, close or volume.</summary>
    public string Column { get; }
}
