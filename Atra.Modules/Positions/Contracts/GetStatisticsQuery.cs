using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// Statistics from <c>signal_statistics</c> over the UTC days <paramref name="From"/> … <paramref name="To"/> (both
/// inclusive, null = unbounded): a user's positions when <paramref name="UserId"/> is set, else every broadcast
/// signal; <paramref name="Symbol"/> narrows to one symbol. Invalid input throws an <c>AtraProblem</c> (400).
/// </summary>
public sealed record GetStatisticsQuery(long? UserId, string? Symbol = null, DateOnly? From = null, DateOnly? To = null) : IRequest<StatisticsDto>;
