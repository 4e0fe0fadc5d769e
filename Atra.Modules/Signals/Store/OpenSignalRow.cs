using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;

namespace Atra.Modules.Signals.Store;

/// <summary>An open signal as stored: enough to rebuild its lifecycle after a restart.</summary>
internal sealed class OpenSignalRow
{
    public long Id { get; set; }

    public string Symbol { get; set; } = "";

    public string Side { get; set; } = "";

    public string FilterMode { get; set; } = "";

    public string EntryPrice { get; set; } = "";

    public string SlPrice { get; set; } = "";

    public string Tp1Price { get; set; } = "";

    public string Tp2Price { get; set; } = "";

    public string? DcaPrice { get; set; }

    public string? Tp1ExitPrice { get; set; }

    public string? DcaFillPrice { get; set; }

    public long CandlesSeen { get; set; }

    public long? LastCandleTime { get; set; }

    public long SignalTime { get; set; }

    public SignalLevels Levels() => new(TradeSideText.ParseSide(Side), SignalStore.ParsePrice(EntryPrice), SignalStore.ParsePrice(SlPrice),
        SignalStore.ParsePrice(Tp1Price), SignalStore.ParsePrice(Tp2Price), SignalStore.ParsePrice(DcaPrice));

    /// <summary>The lifecycle where the stored state left it.</summary>
    public SignalLifecycle Lifecycle(RiskSettings risk)
    {
        var levels = Levels();
        return SignalLifecycle.Restore(in levels, risk, SignalStore.ParsePrice(DcaFillPrice), SignalStore.ParsePrice(Tp1ExitPrice), (int)CandlesSeen);
    }

    /// <summary>What a resumed signal needs of its candidate (features are not needed after the signal's candle).</summary>
    public SignalCandidate Candidate() => new()
    {
        Side = TradeSideText.ParseSide(Side),
        Mode = FilterMode == "strict" ? Contracts.FilterMode.Strict : Contracts.FilterMode.Soft,
        Entry = SignalStore.ParsePrice(EntryPrice),
        OpenTimeMs = SignalTime,
    };
}
