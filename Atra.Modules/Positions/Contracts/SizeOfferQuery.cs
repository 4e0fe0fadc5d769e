using Atra.Modules.Risk.Contracts;
using Atra.Modules.Users.Contracts;
using Mediator;

namespace Atra.Modules.Positions.Contracts;

/// <summary>
/// The one sizing of a signal for a user, used by the Telegram offer and by <see cref="OpenPositionCommand"/>: the
/// user's settings, the symbol's exchange lot rules (step size, minimum quantity and notional, maximum leverage) and
/// the levels at <paramref name="Entry"/>. So the size an offer shows is the size Accept books at that price.
/// </summary>
public sealed record SizeOfferQuery(UserSettingsDto Settings, string Symbol, TradeSide Side, decimal Entry, decimal StopLoss, decimal? Dca) : IRequest<PositionSize>;
