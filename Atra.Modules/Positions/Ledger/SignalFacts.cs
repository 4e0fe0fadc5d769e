namespace Atra.Modules.Positions.Ledger;

/// <summary>
/// What Positions reads of a broadcast signal from <c>enhanced_signals</c> (read only): levels, status and the
/// lifecycle state the Signals module writes before it publishes each event, so a missed event can be booked later.
/// </summary>
internal sealed record SignalFacts(
    long Id,
    string Symbol,
    string Side,
    string Interval,
    string Status,
    string EntryPrice,
    string SlPrice,
    string Tp1Price,
    string Tp2Price,
    string? DcaPrice,
    string? DcaFillPrice,
    string? Tp1ExitPrice,
    string? FinalExitPrice,
    string? ExitPrice,
    string? ExitReason,
    long? ExitTs,
    long? LastCandleTime,
    long SignalTime)
{
    public const string Columns = """
        id AS Id, symbol AS Symbol, side AS Side, interval AS Interval, status AS Status, entry_price AS EntryPrice,
        sl_price AS SlPrice, tp1_price AS Tp1Price, tp2_price AS Tp2Price, dca_price AS DcaPrice, dca_fill_price AS DcaFillPrice,
        tp1_exit_price AS Tp1ExitPrice, final_exit_price AS FinalExitPrice, exit_price AS ExitPrice, exit_reason AS ExitReason,
        exit_ts AS ExitTs, last_candle_time AS LastCandleTime, signal_time AS SignalTime
        """;

    /// <summary>The best known time of the latest lifecycle step (the exact candle of a DCA or TP1 is not stored).</summary>
    public long LatestTimeMs => ExitTs ?? LastCandleTime ?? SignalTime;
}
