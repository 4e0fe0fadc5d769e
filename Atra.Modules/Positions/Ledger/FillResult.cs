namespace Atra.Modules.Positions.Ledger;

/// <summary>A ledger step: whether it booked anything (false when already booked or not applicable) and the position after it.</summary>
internal readonly record struct FillResult(bool Applied, PositionRow? Position);
