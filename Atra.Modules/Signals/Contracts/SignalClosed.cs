using Atra.Modules.Risk.Contracts;
using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// A signal closed: <see cref="ExitPrice"/> is the quantity-weighted mean of all its exits, <see cref="ProfitPct"/>
/// the unleveraged fraction after fees (STRATEGY.md "Profit"), <see cref="Result"/> <c>win</c> or <c>loss</c>,
/// <see cref="FinalExitPrice"/> the price at which the last quantity closed (null from publishers that predate it).
/// </summary>
// Subscribers (Positions, Telegram) live in other modules; without one in the build the generator would flag it.
#pragma warning disable MSG0005
public sealed record SignalClosed(
    long SignalId,
    string Symbol,
    TradeSide Side,
    long ExitTimeMs,
    ExitReason Reason,
    decimal ExitPrice,
    decimal AverageEntry,
    double ProfitPct,
    string Result,
    bool Tp1Hit,
    int DcaCount,
    decimal? FinalExitPrice = null) : INotification;
#pragma warning restore MSG0005
