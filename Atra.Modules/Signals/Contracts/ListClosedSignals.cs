using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// Closed broadcast signals of an interval with their full feature vector at signal time (the <c>features</c> column)
/// and their outcome, in signal-time order: those signalled at or after <paramref name="FromMs"/> (null: from the
/// start) that closed before <paramref name="ToMs"/>. What the MLOps module trains on.
/// </summary>
public sealed record ListClosedSignals(string Interval, long? FromMs, long ToMs) : IRequest<IReadOnlyList<ClosedSignal>>;
