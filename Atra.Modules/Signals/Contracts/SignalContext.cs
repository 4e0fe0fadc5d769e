using Atra.Modules.Indicators.Contracts;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// What a strategy sees at the close of candle i: the history up to and including i (each span ends at i, so
/// nothing later can be read: no look-ahead by construction), the indicators at i and BTC's state.
/// Spans hold at least the last <see cref="ISignalStrategy.HistoryRequired"/> rows when that many exist.
/// </summary>
public readonly ref struct SignalContext
{
    public SignalContext(
        string symbol,
        bool isBtc,
        ReadOnlySpan<double> close,
        ReadOnlySpan<double> volume,
        ReadOnlySpan<double> ema7,
        ReadOnlySpan<double> ema25,
        in IndicatorSnapshot current,
        BtcState btc,
        int rowsBefore)
    {
        Symbol = symbol;
        IsBtc = isBtc;
        Close = close;
        Volume = volume;
        Ema7 = ema7;
        Ema25 = ema25;
        Current = current;
        Btc = btc;
        RowsBefore = rowsBefore;
    }

    public string Symbol { get; }

    /// <summary>True for BTCUSDT itself: the BTC filter does not apply.</summary>
    public bool IsBtc { get; }

    public ReadOnlySpan<double> Close { get; }

    public ReadOnlySpan<double> Volume { get; }

    public ReadOnlySpan<double> Ema7 { get; }

    public ReadOnlySpan<double> Ema25 { get; }

    public IndicatorSnapshot Current { get; }

    public BtcState Btc { get; }

    /// <summary>How many candles of this symbol precede i in total (i itself, 0-based), even if the spans are shorter.</summary>
    public int RowsBefore { get; }
}
