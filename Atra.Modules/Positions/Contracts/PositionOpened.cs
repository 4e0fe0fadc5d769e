using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>A user's position opened on a signal (after it was sized and its open transaction booked).</summary>
// Subscribers live in other modules; without one in the build the generator would flag the message.
#pragma warning disable MSG0005
public sealed record PositionOpened(long PositionId, long UserId, long SignalId, string Symbol, string Side, decimal EntryPrice, decimal Quantity, int Leverage) : INotification;
#pragma warning restore MSG0005
