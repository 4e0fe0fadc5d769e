using Atra.Modules.Indicators.Contracts;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Scanning;

/// <summary>One symbol's live state: streaming indicators, the recent history the strategy reads, the open signal.</summary>
internal sealed class SymbolState(string symbol, string interval, int keep)
{
    public string Symbol { get; } = symbol;

    public StreamingIndicators Indicators { get; } = new(interval);

    public RollingSeries Close { get; } = new(keep);

    public RollingSeries Volume { get; } = new(keep);

    public RollingSeries Ema7 { get; } = new(keep);

    public RollingSeries Ema25 { get; } = new(keep);

    /// <summary>Candles fed so far.</summary>
    public long Rows { get; set; }

    public long LastTimeMs { get; set; } = long.MinValue;

    public bool WarmedUp { get; set; }

    /// <summary>Candles waiting for BTC's candle of the same time (so the BTC filter sees what a backtest sees).</summary>
    public Queue<Candle> Pending { get; } = new();

    public bool IsOpen { get; set; }

    public long SignalId { get; set; }

    public SignalLifecycle Life;

    public SignalCandidate Candidate;

    /// <summary>Open time of the last candle the open signal has processed (resume: candles after it are caught up).</summary>
    public long SignalLastCandleMs { get; set; }
}
