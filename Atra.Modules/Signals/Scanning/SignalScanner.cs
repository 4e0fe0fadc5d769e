using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Filters;
using Atra.Modules.Signals.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// Live scanning and lifecycle tracking, one closed candle at a time, through <see cref="SignalStep"/>, the step a
/// backtest replay runs too; only the plumbing is live: streaming indicators kept per symbol, a symbol's candle
/// waiting for BTC's candle of the same open time (when BTC is scanned too, so the BTC filter sees exactly what the
/// backtest sees), whale and news from their async sources, and writes that commit before the state changes
/// (<see cref="SignalCommits"/>). A candle whose write fails stays at the head of its symbol's queue and resumes in
/// the step's phase it stopped in (<see cref="RetryAsync"/>); the other symbols go on. Open signals resume from the
/// store after a restart, and indicator state is rebuilt from the candle store. All work is serialised: candles arrive
/// per interval, correctness matters more than overlap.
/// </summary>
internal sealed partial class SignalScanner : IDisposable
{
    /// <summary>A symbol's candle waits for BTC's of the same time only while fewer than this many are queued.</summary>
    private const int MaxBtcWait = 3;

    private readonly SignalStep _step;
    private readonly LiveSignalStep _live;
    private readonly ISignalStrategy _strategy;
    private readonly SignalsSettings _settings;
    private readonly ISignalGuardBook _guards;
    private readonly SignalStore _store;
    private readonly SignalCommits _commits;
    private readonly ICandleStore? _candles;
    private readonly ILogger<SignalScanner> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _unfinished = new(0, 1);
    private readonly SortedDictionary<string, SymbolState> _states = new(StringComparer.Ordinal);
    private readonly BtcHistory _btc = new();
    private readonly LifecycleStateBatch _batch = new();
    private bool _resumed;
    private bool _statesFailed;
    private int _failedSymbols;

    public SignalScanner(ISignalStrategy strategy, IOptions<RiskSettings> risk, IOptions<SignalsSettings> settings, ISignalGuardBookFactory guards,
        IEnumerable<ISignalProbabilityModel> models, SignalStore store, SignalCommits commits, ExternalFilters filters, IEnumerable<ICandleStore> candles,
        IEnumerable<ISymbolRulesProvider> rules, ILogger<SignalScanner> logger)
    {
        _step = new SignalStep(strategy, risk.Value, models);
        _live = new LiveSignalStep(_step, strategy.Interval, _btc, _batch, commits, filters, rules.FirstOrDefault(), logger);
        _strategy = strategy;
        _settings = settings.Value;
        _guards = guards.Create();
        _store = store;
        _commits = commits;
        _candles = candles.FirstOrDefault();
        _logger = logger;
    }

    public string Interval => _strategy.Interval;

    /// <summary>A write failed and is not done yet (a symbol's candle, or the lifecycle states): <see cref="RetryAsync"/> resumes it.</summary>
    public bool Unfinished { get; private set; }

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

    /// <summary>
    /// One closed candle; when it is BTC's, every symbol that waited for it goes on. Returns the symbols that failed
    /// (their candle stays queued; each failure is logged here).
    /// </summary>
    public async Task<int> OnCandleClosedAsync(string symbol, string interval, Candle candle, CancellationToken ct)
    {
        if (!string.Equals(interval, _strategy.Interval, StringComparison.Ordinal))
        {
            return 0;
        }
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await EnsureResumedAsync(ct).ConfigureAwait(false);
            var state = GetState(symbol);
            if (!state.WarmedUp)
            {
                await WarmUpBtcAsync(symbol, candle.OpenTimeMs, ct).ConfigureAwait(false);
                WarmUp(state, candle.OpenTimeMs);
            }
            state.Pending.Enqueue(candle);
            var failed = IsBtc(symbol) ? await DrainAllAsync(ct).ConfigureAwait(false) : await DrainGuardedAsync(state, ct).ConfigureAwait(false);
            return failed + await FlushDueAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Resumes every symbol whose oldest candle is not done (the scan worker calls this with backoff).</summary>
    public async Task<int> RetryAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await EnsureResumedAsync(ct).ConfigureAwait(false);
            var failed = await DrainAllAsync(ct).ConfigureAwait(false);
            return failed + await FlushDueAsync(ct).ConfigureAwait(false);
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
            await _batch.FlushAsync(_commits, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits until something is unfinished (true) or the timeout passes (false).</summary>
    public Task<bool> WaitUnfinishedAsync(TimeSpan timeout, CancellationToken ct) => _unfinished.WaitAsync(timeout, ct);

    public void Dispose()
    {
        _gate.Dispose();
        _unfinished.Dispose();
    }

    private bool IsBtc(string symbol) => string.Equals(symbol, _settings.BtcSymbol, StringComparison.Ordinal);

    private SymbolState GetState(string symbol)
    {
        if (!_states.TryGetValue(symbol, out var state))
        {
            state = new SymbolState(symbol, IsBtc(symbol), _strategy.Interval, _strategy.HistoryRequired, _guards);
            _states[symbol] = state;
        }
        return state;
    }

    /// <summary>BTC first (the others wait for its candle), then every other symbol; one symbol's failure stops only that symbol.</summary>
    private async Task<int> DrainAllAsync(CancellationToken ct)
    {
        var failed = 0;
        if (_states.TryGetValue(_settings.BtcSymbol, out var btc))
        {
            failed += await DrainGuardedAsync(btc, ct).ConfigureAwait(false);
        }
        foreach (var state in _states.Values)
        {
            if (!IsBtc(state.Symbol))
            {
                failed += await DrainGuardedAsync(state, ct).ConfigureAwait(false);
            }
        }
        return failed;
    }

    private async Task<int> DrainGuardedAsync(SymbolState state, CancellationToken ct)
    {
        try
        {
            await DrainAsync(state, ct).ConfigureAwait(false);
            if (state.Failed)
            {
                state.Failed = false;
                _failedSymbols--;
            }
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogCandleFailed(_logger, ex, state.Symbol, state.Pending.Count > 0 ? state.Pending.Peek().OpenTimeMs : 0, state.Track.Phase.ToString());
            if (!state.Failed)
            {
                state.Failed = true;
                _failedSymbols++;
            }
            return 1;
        }
    }

    private async Task<int> FlushDueAsync(CancellationToken ct)
    {
        var failed = 0;
        if (_batch.Due(_states.Count - _failedSymbols) || (_statesFailed && _batch.Count > 0))
        {
            try
            {
                await _batch.FlushAsync(_commits, ct).ConfigureAwait(false);
                _statesFailed = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Not lost: the entries stay for the retry or the next round's write; a resumed signal catches up from candles anyway.
                LogStatesFailed(_logger, ex, _batch.Count);
                _statesFailed = true;
                failed = 1;
            }
        }
        Unfinished = _statesFailed || _failedSymbols > 0;
        if (Unfinished && _unfinished.CurrentCount == 0)
        {
            _unfinished.Release();
        }
        return failed;
    }

    /// <summary>Processes the symbol's queued candles in order; a candle leaves the queue only once it is done.</summary>
    private async Task DrainAsync(SymbolState state, CancellationToken ct)
    {
        while (state.Pending.TryPeek(out var head))
        {
            var btcReady = IsBtc(state.Symbol) || head.OpenTimeMs < state.LiveFromMs || !_btc.Any || head.OpenTimeMs <= _btc.LastTimeMs || state.Pending.Count > MaxBtcWait;
            if (!btcReady && state.Track.Phase is SignalStepPhase.Idle or SignalStepPhase.Evaluate)
            {
                return;
            }
            await _live.ProcessAsync(state, head, ct).ConfigureAwait(false);
            state.Pending.Dequeue();
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
            if (state.Track.IsOpen)
            {
                // Two open rows on one symbol (left by an older version): the newer one is followed, the older logged.
                LogDuplicateOpen(_logger, state.SignalId, row.Id, row.Symbol);
                continue;
            }
            var life = row.Lifecycle(_commits.Risk);
            var candidate = row.Candidate();
            _step.Resume(state.Track, in life, in candidate);
            AtraMetrics.SignalsOpen.Inc();
            state.SignalId = row.Id;
            state.SignalLastCandleMs = row.LastCandleTime ?? row.SignalTime;
            LogResumed(_logger, row.Id, row.Symbol, row.Side, (int)row.CandlesSeen);
        }
        _resumed = true;
    }

    /// <summary>
    /// Before another symbol's first candle is evaluated, BTC's state is rebuilt from the candle store up to that
    /// candle, as the backtest has it: after a restart the first round knows BTC's trend (and waits for BTC's candle of
    /// the same time) instead of judging its first candles with the trend unknown.
    /// </summary>
    private async Task WarmUpBtcAsync(string symbol, long liveFromMs, CancellationToken ct)
    {
        if (IsBtc(symbol) || _candles is null || (_states.TryGetValue(_settings.BtcSymbol, out var known) && known.WarmedUp)
            || _candles.Window(_settings.BtcSymbol, _strategy.Interval).Count == 0)
        {
            return;
        }
        var btc = GetState(_settings.BtcSymbol);
        WarmUp(btc, liveFromMs);
        await DrainGuardedAsync(btc, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues the candle store's candles before the first live one, to rebuild indicator state and catch an open
    /// signal up; they are not evaluated (the past gets no new signal).
    /// </summary>
    private void WarmUp(SymbolState state, long liveFromMs)
    {
        if (_candles is not null)
        {
            var window = _candles.Window(state.Symbol, _strategy.Interval);
            for (var k = Math.Max(0, window.Count - _settings.WarmupCandles); k < window.Count; k++)
            {
                if (window[k].OpenTimeMs < liveFromMs)
                {
                    state.Pending.Enqueue(window[k]);
                }
            }
        }
        state.LiveFromMs = liveFromMs;
        state.WarmedUp = true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed open signal {SignalId}: {Symbol} {Side} after {CandlesSeen} candles")]
    private static partial void LogResumed(ILogger logger, long signalId, string symbol, string side, int candlesSeen);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signals {KeptId} and {OtherId} are both open on {Symbol}; {KeptId} is followed")]
    private static partial void LogDuplicateOpen(ILogger logger, long keptId, long otherId, string symbol);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning {Symbol} candle {OpenTimeMs} failed in phase {Phase}; the candle stays queued and is retried, other symbols go on")]
    private static partial void LogCandleFailed(ILogger logger, Exception exception, string symbol, long openTimeMs, string phase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the lifecycle state of {Count} open signals failed; it goes with the next write")]
    private static partial void LogStatesFailed(ILogger logger, Exception exception, int count);
}
