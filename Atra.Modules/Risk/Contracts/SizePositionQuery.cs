using Mediator;

namespace Atra.Modules.Risk.Contracts;

/// <summary>The mediator form of <see cref="IPositionSizer"/>, for the Positions and Telegram modules.</summary>
public sealed record SizePositionQuery(PositionSizeRequest Request) : IRequest<PositionSize>;
