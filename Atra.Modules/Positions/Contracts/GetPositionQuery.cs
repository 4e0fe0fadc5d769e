using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>One position with its transactions, or null. The caller checks ownership (<see cref="PositionDto.UserId"/>).</summary>
public sealed record GetPositionQuery(long PositionId) : IRequest<PositionDto?>;
