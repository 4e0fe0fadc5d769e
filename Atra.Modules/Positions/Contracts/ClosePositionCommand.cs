using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// The user closes one of their open positions by hand at the last known price: the close of the last closed candle
/// of the signal's interval, else the position's current price, else its entry.
/// </summary>
public sealed record ClosePositionCommand(long UserId, long PositionId) : IRequest<ClosePositionResult>;
