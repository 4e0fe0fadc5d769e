using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>A user's position closed (<see cref="ExitReason"/>: the signal's reason, or <c>manual</c>); <see cref="RealizedPnl"/> is net of fees.</summary>
// Subscribers live in other modules; without one in the build the generator would flag the message.
#pragma warning disable MSG0005
public sealed record PositionClosed(long PositionId, long UserId, long SignalId, string Symbol, string ExitReason, decimal RealizedPnl, decimal? ProfitPct) : INotification;
#pragma warning restore MSG0005
