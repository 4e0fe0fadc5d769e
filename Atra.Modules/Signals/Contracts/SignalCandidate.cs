using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Signals.Contracts;

// A plain value per candidate signal.
#pragma warning disable CA1051, CA1815

/// <summary>
/// A signal the technical conditions allow, before the external filters (whale, news, ML) confirm it.
/// <see cref="Mode"/> is the tag so far; the external filters can only keep it or lower it (or reject the signal).
/// </summary>
public struct SignalCandidate
{
    public TradeSide Side;
    public FilterMode Mode;
    public double Entry;
    public long OpenTimeMs;
    public SignalFeatures Features;
}
