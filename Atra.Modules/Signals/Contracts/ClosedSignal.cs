using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Signals.Contracts;

/// <summary>A closed signal: its levels' entry, its features at signal time (ML probability included) and its outcome.</summary>
public sealed record ClosedSignal(
    long Id,
    string Symbol,
    TradeSide Side,
    FilterMode Mode,
    long SignalTimeMs,
    long ExitTimeMs,
    double Entry,
    double ProfitPct,
    string ExitReason,
    SignalFeatures Features);
