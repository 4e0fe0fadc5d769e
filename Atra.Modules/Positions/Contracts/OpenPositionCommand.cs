using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// A user accepts a broadcast signal: a position sized for the user's settings (<see cref="SizeOfferQuery"/>) opens at
/// the current price (the last closed candle; the entry while no newer candle exists). Refused after TP1 or close, and
/// when the price has moved against the signal beyond <c>Positions:MaxAcceptAdverseMovePct</c>; a DCA that filled
/// before the accept is not booked (the position was not open then).
/// Idempotent per (user, signal): accepting again answers <see cref="OpenPositionOutcome.AlreadyOpen"/> with the same position.
/// </summary>
public sealed record OpenPositionCommand(long UserId, long SignalId) : IRequest<OpenPositionResult>;
