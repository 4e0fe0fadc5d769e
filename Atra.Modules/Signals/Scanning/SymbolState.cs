using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// One symbol's live state: streaming indicators, the recent history the strategy reads, the queue of candles not yet
/// fully processed, and the signal track (<see cref="SignalStep"/>) with the stored id of its open signal.
/// </summary>
internal sealed class SymbolState(string symbol, bool isBtc, string interval, int keep, ISignalGuardBook guards)
{
    public string Symbol { get; } = symbol;

    /// <summary>The BTC symbol itself (the BTC filter does not apply to it; the others wait for its candles).</summary>
    public bool IsBtc { get; } = isBtc;

    public StreamingIndicators Indicators { get; } = new(interval);

    public RollingSeries Close { get; } = new(keep);

    public RollingSeries Volume { get; } = new(keep);

    public RollingSeries Ema7 { get; } = new(keep);

    public RollingSeries Ema25 { get; } = new(keep);

    /// <summary>The indicators at the last candle fed.</summary>
    public IndicatorSnapshot Snapshot;

    /// <summary>Candles fed so far.</summary>
    public long Rows { get; set; }

    public long LastTimeMs { get; set; } = long.MinValue;

    /// <summary>The candle store's candles before the first live one are queued (they rebuild state; they are not evaluated).</summary>
    public bool WarmedUp { get; set; }

    /// <summary>Open time of the first live candle: earlier ones only warm up.</summary>
    public long LiveFromMs { get; set; } = long.MaxValue;

    /// <summary>The oldest queued candle failed and waits for a retry.</summary>
    public bool Failed { get; set; }

    /// <summary>
    /// Candles not yet fully processed, oldest first: waiting for BTC's candle of the same time (so the BTC filter sees
    /// what a backtest sees), or for a write that failed. A candle leaves the queue only once it is done.
    /// </summary>
    public Queue<Candle> Pending { get; } = new();

    public SignalTrack Track { get; } = new(symbol, guards);

    /// <summary>The stored id of the open (or closing) signal.</summary>
    public long SignalId { get; set; }

    /// <summary>Open time of the last candle the open signal has processed (resume: candles after it are caught up).</summary>
    public long SignalLastCandleMs { get; set; }

    /// <summary>Feeds one candle to the indicators and the history (once per candle).</summary>
    public void Feed(in Candle candle)
    {
        Indicators.Update(in candle, ref Snapshot);
        Close.Append(candle.Close);
        Volume.Append(candle.Volume);
        Ema7.Append(Snapshot.Ema7);
        Ema25.Append(Snapshot.Ema25);
        Rows++;
        LastTimeMs = candle.OpenTimeMs;
    }
}
