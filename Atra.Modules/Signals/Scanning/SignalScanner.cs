using Atra.Modules.Shared.Metrics;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Filters;
using Atra.Modules.Signals.Store;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// Live scanning and lifecycle tracking, one closed candle at a time, in the same order as a backtest replay:
/// an open signal goes through <see cref="SignalLifecycle"/> first (a candle in which it closes gets no new
/// signal); otherwise the strategy evaluates the candle with streaming indicators kept per symbol. A symbol's
/// candle waits for BTC's candle of the same open time when BTC is scanned too, so the BTC filter sees exactly
/// what the backtest sees. Open signals resume from the store after a restart, and indicator state is rebuilt
/// from the candle store. All work is serialised: candles arrive hourly, correctness matters more than overlap.
/// New and closed signals are written at once (others act on them); the per-candle lifecycle state of open signals
/// is written for all symbols together, in one transaction, when every scanned symbol has had the candle of that
/// time (or when a later candle time begins first, or at stop): one commit per closed candle instead of one per
/// open signal. A crash before that write loses nothing: a resumed signal catches up from the candles.
/// </summary>
internal sealed partial class SignalScanner : IDisposable
{
    private const int MaxPending = 3;

    private readonly ISignalStrategy _strategy;
    private readonly RiskSettings _risk;
    private readonly SignalsSettings _settings;
    private readonly ISignalGuardBook _guards;
    private readonly SignalStore _store;
    private readonly ExternalFilters _filters;
    private readonly IPublisher _publisher;
    private readonly ICandleStore? _candles;
    private readonly ILogger<SignalScanner> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<string, SymbolState> _states = new(StringComparer.Ordinal);
    private readonly BtcHistory _btc = new();
    private readonly Dictionary<long, SignalStateUpdate> _pendingStates = [];
    private long _roundMs = long.MinValue;
    private int _atRound;
    private long _oldestPendingMs = long.MaxValue;
    private bool _resumed;

    public SignalScanner(ISignalStrategy strategy, IOptions<RiskSettings> risk, IOptions<SignalsSettings> settings, ISignalGuardBookFactory guards,
        SignalStore store, ExternalFilters filters, IPublisher publisher, IEnumerable<ICandleStore> candles, ILogger<SignalScanner> logger)
    {
        _strategy = strategy;
        _risk = risk.Value;
        _settings = settings.Value;
        _guards = guards.Create();
        _store = store;
        _filters = filters;
        _publisher = publisher;
        _candles = candles.FirstOrDefault();
        _logger = logger;
    }

    public string Interval => _strategy.Interval;

    public async Task StartAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await EnsureResumedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task OnCandleClosedAsync(string symbol, string interval, Candle candle, CancellationToken ct)
    {
        if (!string.Equals(interval, _strategy.Interval, StringComparison.Ordinal))
        {
            return;
        }
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await EnsureResumedAsync(ct).ConfigureAwait(false);
            var state = GetState(symbol);
            if (!state.WarmedUp)
            {
                await WarmUpAsync(state, candle.OpenTimeMs, ct).ConfigureAwait(false);
            }
            state.Pending.Enqueue(candle);
            await DrainAsync(state, ct).ConfigureAwait(false);
            if (IsBtc(symbol))
            {
                foreach (var other in _states.Values)
                {
                    if (!ReferenceEquals(other, state))
                    {
                        await DrainAsync(other, ct).ConfigureAwait(false);
                    }
                }
            }
            if (_pendingStates.Count > 0 && (_atRound == _states.Count || _oldestPendingMs < _roundMs))
            {
                await FlushStatesAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the lifecycle state still waiting for its round to complete (at stop).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await FlushStatesAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task FlushStatesAsync(CancellationToken ct)
    {
        if (_pendingStates.Count == 0)
        {
            return;
        }
        await _store.UpdateStatesAsync(_pendingStates.Values, ct).ConfigureAwait(false);
        _pendingStates.Clear();
        _oldestPendingMs = long.MaxValue;
    }

    /// <summary>Counts the symbols that have reached the latest candle time (a round is complete when all have).</summary>
    private void Advanced(long openTimeMs)
    {
        if (openTimeMs > _roundMs)
        {
            _roundMs = openTimeMs;
            _atRound = 0;
        }
        if (openTimeMs == _roundMs)
        {
            _atRound++;
        }
    }

    private bool IsBtc(string symbol) => string.Equals(symbol, _settings.BtcSymbol, StringComparison.Ordinal);

    private SymbolState GetState(string symbol)
    {
        if (!_states.TryGetValue(symbol, out var state))
        {
            state = new SymbolState(symbol, _strategy.Interval, _strategy.HistoryRequired);
            _states[symbol] = state;
        }
        return state;
    }

    private async Task DrainAsync(SymbolState state, CancellationToken ct)
    {
        while (state.Pending.Count > 0)
        {
            var head = state.Pending.Peek();
            var btcReady = IsBtc(state.Symbol) || !_btc.Any || head.OpenTimeMs <= _btc.LastTimeMs || state.Pending.Count > MaxPending;
            if (!btcReady)
            {
                return;
            }
            state.Pending.Dequeue();
            await ProcessAsync(state, head, ct).ConfigureAwait(false);
        }
    }

    private async Task EnsureResumedAsync(CancellationToken ct)
    {
        if (_resumed)
        {
            return;
        }
        foreach (var row in await _store.LoadOpenAsync(_strategy.Interval, ct).ConfigureAwait(false))
        {
            var state = GetState(row.Symbol);
            var side = TradeSideText.ParseSide(row.Side);
            var levels = new SignalLevels(side, SignalStore.ParsePrice(row.EntryPrice), SignalStore.ParsePrice(row.SlPrice),
                SignalStore.ParsePrice(row.Tp1Price), SignalStore.ParsePrice(row.Tp2Price), SignalStore.ParsePrice(row.DcaPrice));
            state.Life = SignalLifecycle.Restore(in levels, _risk, SignalStore.ParsePrice(row.DcaFillPrice), SignalStore.ParsePrice(row.Tp1ExitPrice), (int)row.CandlesSeen);
            state.Candidate = new SignalCandidate
            {
                Side = side,
                Mode = row.FilterMode == "strict" ? FilterMode.Strict : FilterMode.Soft,
                Entry = levels.Entry,
                OpenTimeMs = row.SignalTime,
            };
            state.IsOpen = true;
            AtraMetrics.SignalsOpen.Inc();
            state.SignalId = row.Id;
            state.SignalLastCandleMs = row.LastCandleTime ?? row.SignalTime;
            _guards.RecordOpened(row.Symbol, row.SignalTime);
            LogResumed(_logger, row.Id, row.Symbol, row.Side, (int)row.CandlesSeen);
        }
        _resumed = true;
    }

    /// <summary>Rebuilds indicator state from the candle store (candles before the first live one); catches an open signal up.</summary>
    private async Task WarmUpAsync(SymbolState state, long beforeMs, CancellationToken ct)
    {
        if (_candles is not null)
        {
            var window = _candles.Window(state.Symbol, _strategy.Interval);
            var first = Math.Max(0, window.Count - _settings.WarmupCandles);
            for (var k = first; k < window.Count; k++)
            {
                if (window[k].OpenTimeMs < beforeMs)
                {
                    await ProcessAsync(state, window[k], ct).ConfigureAwait(false);
                }
            }
        }
        state.WarmedUp = true;
    }

    private async Task ProcessAsync(SymbolState state, Candle candle, CancellationToken ct)
    {
        if (candle.OpenTimeMs <= state.LastTimeMs)
        {
            return;
        }
        var snapshot = state.Indicators.Update(in candle);
        state.Close.Append(candle.Close);
        state.Volume.Append(candle.Volume);
        state.Ema7.Append(snapshot.Ema7);
        state.Ema25.Append(snapshot.Ema25);
        state.Rows++;
        state.LastTimeMs = candle.OpenTimeMs;
        Advanced(candle.OpenTimeMs);
        if (IsBtc(state.Symbol))
        {
            _btc.Add(candle.OpenTimeMs, BtcState.From(candle.Close, snapshot.Ema7, snapshot.Ema25, snapshot.Momentum1h));
        }

        if (state.IsOpen)
        {
            if (candle.OpenTimeMs > state.SignalLastCandleMs)
            {
                await StepOpenSignalAsync(state, candle, ct).ConfigureAwait(false);
            }
            return;
        }
        if (!state.WarmedUp)
        {
            return;
        }
        if (!TryEvaluate(state, in snapshot, out var candidate, out var levels))
        {
            return;
        }
        if (_guards.AnyEnabled && _guards.Check(state.Symbol, candle.OpenTimeMs) is { Allowed: false } verdict)
        {
            LogGuarded(_logger, state.Symbol, verdict.Guard ?? "", verdict.Reason ?? "");
            return;
        }
        var external = await _filters.EvaluateAsync(state.Symbol, candidate, ct).ConfigureAwait(false);
        if (!_strategy.Confirm(ref candidate, external.Whale, external.News, external.Ml))
        {
            return;
        }
        var id = await _store.InsertAsync(state.Symbol, _strategy.Interval, candidate, levels, _risk.RiskPctMedium, ct).ConfigureAwait(false);
        state.Life = SignalLifecycle.Open(in levels, _risk);
        state.Candidate = candidate;
        state.IsOpen = true;
        state.SignalId = id;
        state.SignalLastCandleMs = candle.OpenTimeMs;
        _guards.RecordOpened(state.Symbol, candle.OpenTimeMs);
        LogGenerated(_logger, id, state.Symbol, levels.Side.ToText(), candidate.Mode.ToText(), levels.Entry);
        AtraMetrics.SignalsGenerated.WithLabels(levels.Side.ToText(), candidate.Mode.ToText()).Inc();
        AtraMetrics.SignalsOpen.Inc();
        await _publisher.Publish(new SignalGenerated(id, state.Symbol, _strategy.Interval, levels.Side, candidate.Mode, candidate.OpenTimeMs,
            Money(levels.Entry), Money(levels.Sl), Money(levels.Tp1), Money(levels.Tp2), levels.HasDca ? Money(levels.Dca) : null, candidate.Features), ct).ConfigureAwait(false);
    }

    private bool TryEvaluate(SymbolState state, in Indicators.Contracts.IndicatorSnapshot snapshot, out SignalCandidate candidate, out SignalLevels levels)
    {
        levels = default;
        var btc = IsBtc(state.Symbol) ? BtcState.Unknown : _btc.At(snapshot.OpenTimeMs);
        var context = new SignalContext(state.Symbol, IsBtc(state.Symbol), state.Close.Span, state.Volume.Span, state.Ema7.Span, state.Ema25.Span,
            in snapshot, btc, (int)Math.Min(int.MaxValue, state.Rows - 1));
        if (!_strategy.TryEvaluate(in context, out candidate))
        {
            return false;
        }
        if (SignalLevels.Compute(candidate.Side, candidate.Entry, candidate.Features.Atr14, _risk) is not { } computed)
        {
            return false;
        }
        levels = computed;
        return true;
    }

    private async Task StepOpenSignalAsync(SymbolState state, Candle candle, CancellationToken ct)
    {
        var events = state.Life.Step(candle.OpenTimeMs, candle.Open, candle.High, candle.Low, candle.Close);
        state.SignalLastCandleMs = candle.OpenTimeMs;
        var life = state.Life;
        var id = state.SignalId;
        if (life.IsClosed)
        {
            state.IsOpen = false;
            // The close carries every field an earlier pending state would write; that one must not follow it.
            _pendingStates.Remove(id);
            await _store.CloseAsync(id, life, ct).ConfigureAwait(false);
            _guards.RecordClosed(state.Symbol, life.ExitTimeMs, life.ExitReason, life.ProfitPct);
        }
        else
        {
            _pendingStates[id] = new SignalStateUpdate(id, life, candle.OpenTimeMs);
            _oldestPendingMs = Math.Min(_oldestPendingMs, candle.OpenTimeMs);
        }
        if ((events & LifecycleEvents.DcaFilled) != 0)
        {
            await _publisher.Publish(new SignalDcaFilled(id, state.Symbol, candle.OpenTimeMs, Money(life.DcaFillPrice), _risk.DcaQuantityFraction, Money(life.AverageEntry)), ct).ConfigureAwait(false);
        }
        if ((events & LifecycleEvents.Tp1Hit) != 0 && !double.IsNaN(life.Tp1ExitPrice))
        {
            await _publisher.Publish(new SignalTp1Hit(id, state.Symbol, candle.OpenTimeMs, Money(life.Tp1ExitPrice), _risk.Tp1CloseFraction, Money(life.AverageEntry)), ct).ConfigureAwait(false);
        }
        if (life.IsClosed)
        {
            LogClosed(_logger, id, state.Symbol, life.ExitReason.ToText(), life.ProfitPct);
            AtraMetrics.SignalOutcomes.WithLabels(life.ProfitPct > 0 ? "win" : "loss", life.ExitReason.ToText()).Inc();
            AtraMetrics.SignalsOpen.Dec();
            await _publisher.Publish(new SignalClosed(id, state.Symbol, life.Levels.Side, life.ExitTimeMs, life.ExitReason, Money(life.ExitPrice),
                Money(life.AverageEntry), life.ProfitPct, life.ProfitPct > 0 ? "win" : "loss", life.Tp1Hit, life.DcaCount, Money(life.FinalExitPrice)), ct).ConfigureAwait(false);
        }
    }

    private static decimal Money(double value) => (decimal)value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal {SignalId}: {Symbol} {Side} ({Mode}) at {Entry}")]
    private static partial void LogGenerated(ILogger logger, long signalId, string symbol, string side, string mode, double entry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal {SignalId} ({Symbol}) closed: {Reason}, profit {ProfitPct}")]
    private static partial void LogClosed(ILogger logger, long signalId, string symbol, string reason, double profitPct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed open signal {SignalId}: {Symbol} {Side} after {CandlesSeen} candles")]
    private static partial void LogResumed(ILogger logger, long signalId, string symbol, string side, int candlesSeen);

    [LoggerMessage(Level = LogLevel.Information, Message = "No signal for {Symbol}: {Guard} ({Reason})")]
    private static partial void LogGuarded(ILogger logger, string symbol, string guard, string reason);
}
