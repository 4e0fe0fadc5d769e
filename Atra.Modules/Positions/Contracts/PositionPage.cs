namespace Atra.Modules.Positions.Contracts;

/// <summary>A page of positions, newest first; pass <see cref="NextBeforeId"/> as <c>before_id</c> for the next page.</summary>
public sealed record PositionPage(IReadOnlyList<PositionDto> Items, long? NextBeforeId);
