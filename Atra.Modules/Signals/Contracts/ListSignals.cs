using Mediator;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// Broadcast signals, newest first, filtered by symbol, side (<c>long|short</c>), status (<c>open|tp1_hit|closed</c>)
/// and signal time (<paramref name="From"/> inclusive, <paramref name="To"/> exclusive), a keyset page at a time.
/// </summary>
public sealed record ListSignals(
    string? Symbol = null,
    string? Side = null,
    string? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 50,
    long? BeforeId = null) : IRequest<SignalPage>;
