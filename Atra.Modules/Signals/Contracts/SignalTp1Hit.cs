using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>TP1 was hit in the candle opening at <see cref="CandleTimeMs"/>: <see cref="ClosedFraction"/> of the quantity held closed at <see cref="Price"/>; the stop moves to <see cref="NewStop"/> (breakeven) from the next candle.</summary>
// Subscribers (Positions, Telegram) live in other modules; without one in the build the generator would flag it.
#pragma warning disable MSG0005
public sealed record SignalTp1Hit(long SignalId, string Symbol, long CandleTimeMs, decimal Price, double ClosedFraction, decimal NewStop) : INotification;
#pragma warning restore MSG0005
