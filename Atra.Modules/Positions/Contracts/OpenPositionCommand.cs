using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// A user accepts a broadcast signal: a position sized for the user's settings opens at the signal's entry.
/// Idempotent per (user, signal): accepting again answers <see cref="OpenPositionOutcome.AlreadyOpen"/> with the same position.
/// </summary>
public sealed record OpenPositionCommand(long UserId, long SignalId) : IRequest<OpenPositionResult>;
