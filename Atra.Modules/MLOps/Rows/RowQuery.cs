namespace Atra.Modules.MLOps.Rows;

/// <summary>
/// Where training rows come from: the database's closed signals (<see cref="DataDirectory"/> null), or a backtest of
/// the candle files in <see cref="DataDirectory"/> (the rows of <c>atra backtest</c>'s trades.csv over the same files
/// and window). Times are candle open times, <see cref="ToMs"/> exclusive: the window's end; a row counts only when
/// its signal closed before it. <see cref="ClosedOnly"/> false (drift samples, which need features, not outcomes):
/// a backtest's trades still open at the end are kept too, so the sample is exactly the rows of trades.csv.
/// </summary>
internal sealed record RowQuery(string? DataDirectory, IReadOnlyList<string>? Symbols, string Interval, long? FromMs, long? ToMs, bool ClosedOnly = true)
{
    public string Describe() => DataDirectory is null ? "database" : $"data:{DataDirectory}";
}
