using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>A user's closed positions, most recently closed first, at most <paramref name="Limit"/> (1–200).</summary>
public sealed record GetPositionHistoryQuery(long UserId, int Limit = 10) : IRequest<IReadOnlyList<PositionDto>>;
