namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// A signal strategy. Live scanning and backtests call the same instance the same way: <see cref="TryEvaluate"/>
/// at the close of each candle without an open signal (pure, synchronous), then, for a candidate, the external
/// filters' values go through <see cref="Confirm"/>.
/// </summary>
public interface ISignalStrategy
{
    string Name { get; }

    /// <summary>The interval the strategy runs on (<c>Signals:Interval</c>).</summary>
    string Interval { get; }

    /// <summary>Rows of history (including i) the context spans must hold for an exact evaluation.</summary>
    int HistoryRequired { get; }

    /// <summary>The technical conditions: true with a candidate when the soft ones hold.</summary>
    bool TryEvaluate(in SignalContext context, out SignalCandidate candidate);

    /// <summary>
    /// Applies whale impact, news impact and the ML verdict (NaN = unknown, <see cref="MlVerdict.None"/> = no model: the
    /// check is skipped). False when a soft threshold rejects the signal; otherwise lowers
    /// <see cref="SignalCandidate.Mode"/> to soft when a strict one fails (an out-of-range ML input always fails the
    /// strict threshold), and records the values in the features.
    /// </summary>
    bool Confirm(ref SignalCandidate candidate, double whaleImpact, double newsImpact, in MlVerdict ml);
}
