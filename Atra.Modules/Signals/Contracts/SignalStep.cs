using System.Runtime.CompilerServices;
using Atra.Modules.Risk.Contracts;

namespace Atra.Modules.Signals.Contracts;

/// <summary>
/// THE per-candle step of STRATEGY.md, once, for live scanning and backtest replays alike: synchronous, no I/O, no
/// allocation per candle. For each closed candle of a symbol, in this order:
/// <list type="number">
/// <item><see cref="Advance"/>: an open signal goes through <see cref="SignalLifecycle"/> first; a candle in which it
/// closes gets no new signal (the close waits for the caller's write: <see cref="SignalStepPhase.Closing"/>).</item>
/// <item><see cref="Evaluate"/>: the strategy's technical conditions, the levels, then the risk guards.</item>
/// <item>The caller gets whale and news impact for the candidate (live: the async sources under their timeouts;
/// backtests and replays: 0, as STRATEGY.md says); <see cref="Confirm"/> then asks the ML model
/// (<see cref="ISignalProbabilityModel"/>, the only place it is asked) and applies
/// <see cref="ISignalStrategy.Confirm"/>.</item>
/// <item>The caller stores the signal and calls <see cref="CommitOpen"/>.</item>
/// </list>
/// The step keeps nothing per symbol (that is the <see cref="SignalTrack"/>), so one instance serves any number of
/// symbols on any number of threads.
/// </summary>
public sealed class SignalStep
{
    private readonly ISignalStrategy _strategy;
    private readonly RiskSettings _risk;
    private readonly ISignalProbabilityModel[] _models;

    /// <param name="models">The registered models; the first active one at each candidate judges it (none: no ML check).</param>
    public SignalStep(ISignalStrategy strategy, RiskSettings risk, IEnumerable<ISignalProbabilityModel> models)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(models);
        _strategy = strategy;
        _risk = risk;
        _models = [.. models];
    }

    public ISignalStrategy Strategy => _strategy;

    /// <summary>
    /// Starts a candle. With a signal open: its lifecycle step, then <see cref="SignalStepPhase.Idle"/> (still open;
    /// <see cref="SignalTrack.Events"/> says what happened) or <see cref="SignalStepPhase.Closing"/>. Without one:
    /// <see cref="SignalStepPhase.Evaluate"/> (a caller that does not evaluate this candle, e.g. while warming up,
    /// simply goes on with the next).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SignalStepPhase Advance(SignalTrack track, long openTimeMs, double open, double high, double low, double close)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase is SignalStepPhase.Idle or SignalStepPhase.Evaluate, nameof(Advance));
        if (!track.IsOpen)
        {
            return track.Phase = SignalStepPhase.Evaluate;
        }
        // Stepped on a copy: a close counts only once it is committed (a failed write retries the same close).
        track.NextLife = track.LifeValue;
        track.Events = track.NextLife.Step(openTimeMs, open, high, low, close);
        if (track.NextLife.IsClosed)
        {
            return track.Phase = SignalStepPhase.Closing;
        }
        track.LifeValue = track.NextLife;
        return track.Phase = SignalStepPhase.Idle;
    }

    /// <summary>
    /// The strategy's verdict on the candle <paramref name="context"/> ends at, its levels and the guards:
    /// <see cref="SignalStepPhase.Candidate"/> (then <see cref="Confirm"/>) or <see cref="SignalStepPhase.Idle"/>
    /// (<see cref="SignalTrack.Blocked"/> names a guard that stopped it).
    /// </summary>
    public SignalStepPhase Evaluate(SignalTrack track, in SignalContext context)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase == SignalStepPhase.Evaluate, nameof(Evaluate));
        track.Phase = SignalStepPhase.Idle;
        track.Blocked = GuardVerdict.Allow;
        if (!_strategy.TryEvaluate(in context, out track.CandidateValue))
        {
            return SignalStepPhase.Idle;
        }
        ref readonly var candidate = ref track.CandidateValue;
        if (SignalLevels.Compute(candidate.Side, candidate.Entry, candidate.Features.Atr14, _risk) is not { } levels)
        {
            return SignalStepPhase.Idle;
        }
        // Once, here: the exchange's tick when the caller knows it, else the grid the candles are quoted on.
        track.LevelsValue = PriceTick.Round(in levels, track.TickSize > 0 ? track.TickSize : PriceTick.Infer(context.Close));
        var guards = track.Guards;
        if (guards.AnyEnabled && guards.Check(track.Symbol, candidate.OpenTimeMs) is { Allowed: false } verdict)
        {
            track.Blocked = verdict;
            return SignalStepPhase.Idle;
        }
        return track.Phase = SignalStepPhase.Candidate;
    }

    /// <summary>
    /// Whale and news impact (NaN: unknown), then the ML verdict on the candidate as it will be stored, then the
    /// strategy's external thresholds: <see cref="SignalStepPhase.Confirmed"/> (store it, then
    /// <see cref="CommitOpen"/>) or <see cref="SignalStepPhase.Idle"/>.
    /// </summary>
    public SignalStepPhase Confirm(SignalTrack track, double whaleImpact, double newsImpact)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase == SignalStepPhase.Candidate, nameof(Confirm));
        ref var candidate = ref track.CandidateValue;
        candidate.Features.WhaleImpact = whaleImpact;
        candidate.Features.NewsImpact = newsImpact;
        var ml = Predict(track);
        return track.Phase = _strategy.Confirm(ref candidate, whaleImpact, newsImpact, in ml) ? SignalStepPhase.Confirmed : SignalStepPhase.Idle;
    }

    /// <summary>The confirmed candidate is stored: its signal is open from now on (the guards count it).</summary>
    public void CommitOpen(SignalTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase == SignalStepPhase.Confirmed, nameof(CommitOpen));
        track.LifeValue = SignalLifecycle.Open(in track.LevelsValue, _risk);
        track.IsOpen = true;
        track.Events = LifecycleEvents.None;
        track.Phase = SignalStepPhase.Idle;
        track.Guards.RecordOpened(track.Symbol, track.CandidateValue.OpenTimeMs);
    }

    /// <summary>The close is stored: the signal is closed from now on (the guards count it); no new one in this candle.</summary>
    public void CommitClose(SignalTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase == SignalStepPhase.Closing, nameof(CommitClose));
        track.LifeValue = track.NextLife;
        track.IsOpen = false;
        track.Phase = SignalStepPhase.Idle;
        ref readonly var life = ref track.LifeValue;
        track.Guards.RecordClosed(track.Symbol, life.ExitTimeMs, life.ExitReason, life.ProfitPct);
    }

    /// <summary>
    /// End of data (backtests): a signal still open closes at the last close; <see cref="SignalStepPhase.Closing"/>
    /// when there was one (then <see cref="CommitClose"/>).
    /// </summary>
    public SignalStepPhase EndOfData(SignalTrack track, long lastOpenTimeMs, double lastClose)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase is SignalStepPhase.Idle or SignalStepPhase.Evaluate, nameof(EndOfData));
        if (!track.IsOpen)
        {
            return track.Phase = SignalStepPhase.Idle;
        }
        track.NextLife = track.LifeValue;
        track.NextLife.CloseAtEndOfData(lastOpenTimeMs, lastClose);
        track.Events = LifecycleEvents.Closed;
        return track.Phase = SignalStepPhase.Closing;
    }

    /// <summary>A signal stored before a restart is open again, where its stored state left it (the guards count it).</summary>
    public void Resume(SignalTrack track, in SignalLifecycle life, in SignalCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(track);
        Expect(track, track.Phase is SignalStepPhase.Idle or SignalStepPhase.Evaluate && !track.IsOpen, nameof(Resume));
        track.LifeValue = life;
        track.CandidateValue = candidate;
        track.LevelsValue = life.Levels;
        track.IsOpen = true;
        track.Events = LifecycleEvents.None;
        track.Phase = SignalStepPhase.Idle;
        track.Guards.RecordOpened(track.Symbol, candidate.OpenTimeMs);
    }

    /// <summary>The first active model's verdict; a model that fails counts as no model (and is reported on the track).</summary>
    private MlVerdict Predict(SignalTrack track)
    {
        track.MlFailure = null;
        foreach (var model in _models)
        {
            if (!model.IsActive)
            {
                continue;
            }
            try
            {
                return model.Predict(in track.CandidateValue);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                track.MlFailure = ex;
                return MlVerdict.None;
            }
        }
        return MlVerdict.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Expect(SignalTrack track, bool ok, string call)
    {
        if (!ok)
        {
            Throw(track, call);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(SignalTrack track, string call) =>
        throw new InvalidOperationException($"{track.Symbol}: {call} in phase {track.Phase}; each candle goes Advance → Evaluate → Confirm → CommitOpen, or Advance → CommitClose");
}
