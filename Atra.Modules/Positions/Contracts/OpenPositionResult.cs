namespace Atra.Modules.Positions.Contracts;

/// <summary>The outcome of <see cref="OpenPositionCommand"/>; <see cref="Position"/> is set when opened or already open.</summary>
public sealed record OpenPositionResult(OpenPositionOutcome Outcome, PositionDto? Position, string? Reason);
