using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>The DCA add filled at <see cref="Price"/> in the candle opening at <see cref="CandleTimeMs"/>; <see cref="QuantityFraction"/> of the initial quantity was added.</summary>
// Subscribers (Positions, Telegram) live in other modules; without one in the build the generator would flag it.
#pragma warning disable MSG0005
public sealed record SignalDcaFilled(long SignalId, string Symbol, long CandleTimeMs, decimal Price, double QuantityFraction, decimal AverageEntry) : INotification;
#pragma warning restore MSG0005
