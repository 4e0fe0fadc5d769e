namespace Atra.Modules.Positions.Contracts;

/// <summary>The outcome of <see cref="ClosePositionCommand"/>; <see cref="Position"/> is the position after it (null when not found).</summary>
public sealed record ClosePositionResult(ClosePositionOutcome Outcome, PositionDto? Position);
