using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// One symbol's signal state under one guard book: the open signal's lifecycle, or the candidate of the current candle
/// while it goes through <see cref="SignalStep"/>. Only the step changes it; a signal counts as open or closed only
/// once its caller has committed it (<see cref="SignalStep.CommitOpen"/>, <see cref="SignalStep.CommitClose"/>).
/// Not thread-safe: one caller at a time, as one symbol's candles come in order.
/// </summary>
public sealed class SignalTrack(string symbol, ISignalGuardBook guards)
{
    internal SignalLifecycle LifeValue;
    internal SignalLifecycle NextLife;
    internal SignalCandidate CandidateValue;
    internal SignalLevels LevelsValue;

    public string Symbol { get; } = symbol;

    public ISignalGuardBook Guards { get; } = guards;

    public SignalStepPhase Phase { get; internal set; }

    /// <summary>The exchange's tick size for the symbol; 0 when unknown (the step then infers the grid from the closes).</summary>
    public decimal TickSize { get; set; }

    /// <summary>A signal is open (committed) on the symbol.</summary>
    public bool IsOpen { get; internal set; }

    /// <summary>The open signal's lifecycle; after a close, the closed one's (what the close wrote).</summary>
    public ref readonly SignalLifecycle Life => ref LifeValue;

    /// <summary>While <see cref="SignalStepPhase.Closing"/>: the lifecycle as it closed in this candle, not yet committed.</summary>
    public ref readonly SignalLifecycle Closing => ref NextLife;

    /// <summary>The open signal's candidate, or the current candle's while it is being confirmed.</summary>
    public ref readonly SignalCandidate Candidate => ref CandidateValue;

    /// <summary>The levels of <see cref="Candidate"/>.</summary>
    public ref readonly SignalLevels Levels => ref LevelsValue;

    /// <summary>What the open signal's last candle did (DCA fill, TP1, close).</summary>
    public LifecycleEvents Events { get; internal set; }

    /// <summary>The guard that stopped the last candidate (<see cref="GuardVerdict.Allow"/> when none did).</summary>
    public GuardVerdict Blocked { get; internal set; } = GuardVerdict.Allow;

    /// <summary>The model's failure on the last candidate (its verdict then counts as none); null when it did not fail.</summary>
    public Exception? MlFailure { get; internal set; }
}
