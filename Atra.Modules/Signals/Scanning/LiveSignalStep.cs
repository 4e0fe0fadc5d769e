using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Filters;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// The live side of <see cref="SignalStep"/> for one symbol's candle: feeds the streaming indicators, runs the step's
/// phases, awaits whale and news between them, and commits through <see cref="SignalCommits"/> before the track
/// changes (a signal is open only once stored, closed only once its close is stored).
/// </summary>
internal sealed partial class LiveSignalStep(
    SignalStep step,
    string interval,
    BtcHistory btcHistory,
    LifecycleStateBatch batch,
    SignalCommits commits,
    ExternalFilters filters,
    ISymbolRulesProvider? rules,
    ILogger logger)
{
    private readonly SignalStep _step = step;
    private readonly BtcHistory _btc = btcHistory;
    private readonly LifecycleStateBatch _batch = batch;
    private readonly SignalCommits _commits = commits;
    private readonly ExternalFilters _filters = filters;
    private readonly ILogger _logger = logger;

    /// <summary>
    /// One candle through the step. Resumable: a candle whose write failed comes back here in the phase it stopped in
    /// (its indicators are not fed twice, its whale/news are not asked twice once confirmed).
    /// </summary>
    public async Task ProcessAsync(SymbolState state, Candle candle, CancellationToken ct)
    {
        var track = state.Track;
        if (track.Phase is SignalStepPhase.Idle or SignalStepPhase.Evaluate)
        {
            if (candle.OpenTimeMs <= state.LastTimeMs)
            {
                return;
            }
            state.Feed(in candle);
            _batch.Reached(candle.OpenTimeMs);
            if (state.IsBtc)
            {
                _btc.Add(candle.OpenTimeMs, BtcState.From(candle.Close, state.Snapshot.Ema7, state.Snapshot.Ema25, state.Snapshot.Momentum1h));
            }
            if (track.IsOpen && candle.OpenTimeMs <= state.SignalLastCandleMs)
            {
                // A resumed signal has already seen this candle.
                return;
            }
            var phase = _step.Advance(track, candle.OpenTimeMs, candle.Open, candle.High, candle.Low, candle.Close);
            if (phase == SignalStepPhase.Idle)
            {
                state.SignalLastCandleMs = candle.OpenTimeMs;
                _batch.Add(state.SignalId, in track.Life, candle.OpenTimeMs);
                await _commits.SteppedAsync(state.SignalId, state.Symbol, candle.OpenTimeMs, track.Life, track.Events, ct).ConfigureAwait(false);
                return;
            }
            if (phase == SignalStepPhase.Evaluate && (candle.OpenTimeMs < state.LiveFromMs || Evaluate(state) != SignalStepPhase.Candidate))
            {
                return;
            }
        }
        switch (track.Phase)
        {
            case SignalStepPhase.Closing:
                await CloseAsync(state, candle.OpenTimeMs, ct).ConfigureAwait(false);
                return;
            case SignalStepPhase.Candidate:
                var external = await _filters.EvaluateAsync(state.Symbol, ct).ConfigureAwait(false);
                var confirmed = _step.Confirm(track, external.Whale, external.News) == SignalStepPhase.Confirmed;
                if (track.MlFailure is { } failure)
                {
                    LogMlFailed(_logger, failure, state.Symbol);
                }
                if (confirmed)
                {
                    await OpenAsync(state, ct).ConfigureAwait(false);
                }
                return;
            case SignalStepPhase.Confirmed:
                await OpenAsync(state, ct).ConfigureAwait(false);
                return;
        }
    }

    private SignalStepPhase Evaluate(SymbolState state)
    {
        var btc = state.IsBtc ? BtcState.Unknown : _btc.At(state.Snapshot.OpenTimeMs);
        var context = new SignalContext(state.Symbol, state.IsBtc, state.Close.Span, state.Volume.Span, state.Ema7.Span, state.Ema25.Span,
            in state.Snapshot, btc, (int)Math.Min(int.MaxValue, state.Rows - 1));
        // The exchange's tick when it has one for the symbol (live); replays have none, and the step infers the grid.
        state.Track.TickSize = rules?.Get(state.Symbol)?.TickSize ?? 0;
        var phase = _step.Evaluate(state.Track, in context);
        if (state.Track.Blocked is { Allowed: false } verdict)
        {
            LogGuarded(_logger, state.Symbol, verdict.Guard ?? "", verdict.Reason ?? "");
        }
        return phase;
    }

    /// <summary>Stores the confirmed signal; only then is it open (a failed insert leaves the candle confirmed, to retry).</summary>
    private async Task OpenAsync(SymbolState state, CancellationToken ct)
    {
        var track = state.Track;
        var id = await _commits.InsertAsync(state.Symbol, interval, track.Candidate, track.Levels, ct).ConfigureAwait(false);
        _step.CommitOpen(track);
        state.SignalId = id;
        state.SignalLastCandleMs = track.Candidate.OpenTimeMs;
        await _commits.OpenedAsync(id, state.Symbol, interval, track.Candidate, track.Levels, ct).ConfigureAwait(false);
    }

    /// <summary>Stores the close; only then is the signal closed (a failed write leaves it closing, to retry: no new signal meanwhile).</summary>
    private async Task CloseAsync(SymbolState state, long candleMs, CancellationToken ct)
    {
        var track = state.Track;
        await _commits.CloseAsync(state.SignalId, track.Closing, ct).ConfigureAwait(false);
        _step.CommitClose(track);
        _batch.Remove(state.SignalId);
        state.SignalLastCandleMs = candleMs;
        await _commits.SteppedAsync(state.SignalId, state.Symbol, candleMs, track.Life, track.Events, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No signal for {Symbol}: {Guard} ({Reason})")]
    private static partial void LogGuarded(ILogger logger, string symbol, string guard, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ML model failed for {Symbol}; its verdict counts as none")]
    private static partial void LogMlFailed(ILogger logger, Exception exception, string symbol);
}
