using Atra.Modules.Risk.Contracts;
using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// A new broadcast signal was stored (<see cref="SignalId"/> is its <c>enhanced_signals</c> id). Prices are the
/// exact stored values; <see cref="Features"/> holds the indicator values and filter verdicts (NaN = unknown).
/// Positions and Telegram size it per user with <see cref="SizePositionQuery"/>.
/// </summary>
// Subscribers (Positions, Telegram) live in other modules; without one in the build the generator would flag it.
#pragma warning disable MSG0005
public sealed record SignalGenerated(
    long SignalId,
    string Symbol,
    string Interval,
    TradeSide Side,
    FilterMode Mode,
    long SignalTimeMs,
    decimal Entry,
    decimal StopLoss,
    decimal Tp1,
    decimal Tp2,
    decimal? Dca,
    SignalFeatures Features) : INotification;
#pragma warning restore MSG0005
