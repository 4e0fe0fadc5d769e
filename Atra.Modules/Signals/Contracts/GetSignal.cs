using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>One broadcast signal by id; null when there is none.</summary>
public sealed record GetSignal(long Id) : IRequest<SignalDto?>;
