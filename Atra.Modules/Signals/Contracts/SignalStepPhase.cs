namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// Where a symbol's <see cref="SignalTrack"/> stands within the current candle (<see cref="SignalStep"/>). Every phase
/// but <see cref="Idle"/> names the work the candle still needs, so a caller whose write failed resumes exactly there.
/// </summary>
public enum SignalStepPhase
{
    /// <summary>The candle is done (or none has started): the next candle may begin.</summary>
    Idle,

    /// <summary>No signal is open and none closed in this candle: the strategy may evaluate it.</summary>
    Evaluate,

    /// <summary>A candidate passed the technical conditions and the guards: whale and news impact are wanted.</summary>
    Candidate,

    /// <summary>The candidate passed every filter: store it, then <see cref="SignalStep.CommitOpen"/>.</summary>
    Confirmed,

    /// <summary>The open signal closed in this candle: store the close, then <see cref="SignalStep.CommitClose"/>.</summary>
    Closing,
}
