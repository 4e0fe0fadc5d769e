using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// A user's positions, newest first, optionally only <c>open</c> or <c>closed</c>, a keyset page at a time
/// (<paramref name="BeforeId"/> = the previous page's <see cref="PositionPage.NextBeforeId"/>). Invalid input throws
/// an <c>AtraProblem</c> (400).
/// </summary>
public sealed record ListPositionsQuery(long UserId, string? Status = null, int Limit = 50, long? BeforeId = null) : IRequest<PositionPage>;
