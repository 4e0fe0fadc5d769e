using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Store;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Atra.Modules.Signals.Scanning;

/// <summary>
/// What the scanner writes and tells: each store write retried at once with backoff (<c>Signals:WriteRetries</c>,
/// <c>Signals:WriteRetryDelay</c>; the writes are idempotent: an insert that committed but whose answer was lost finds
/// its row, a close or a state update writes the same values again), then the notifications, published only after the
/// commit. A subscriber's failure is logged and never undoes or repeats a commit: Positions reconciles periodically.
/// </summary>
internal sealed partial class SignalCommits
{
    private readonly SignalStore _store;
    private readonly IPublisher _publisher;
    private readonly RiskSettings _risk;
    private readonly ILogger<SignalCommits> _logger;
    private readonly ResiliencePipeline _retry;

    public SignalCommits(SignalStore store, IPublisher publisher, IOptions<RiskSettings> risk, IOptions<SignalsSettings> settings, ILogger<SignalCommits> logger)
    {
        _store = store;
        _publisher = publisher;
        _risk = risk.Value;
        _logger = logger;
        var s = settings.Value;
        _retry = s.WriteRetries == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            MaxRetryAttempts = s.WriteRetries,
            Delay = s.WriteRetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = args =>
            {
                LogWriteRetry(_logger, args.Outcome.Exception?.Message ?? "", args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                return default;
            },
        }).Build();
    }

    public RiskSettings Risk => _risk;

    public ValueTask<long> InsertAsync(string symbol, string interval, SignalCandidate candidate, SignalLevels levels, CancellationToken ct) =>
        _retry.ExecuteAsync(async token => await _store.InsertAsync(symbol, interval, candidate, levels, _risk.RiskPctMedium, token).ConfigureAwait(false), ct);

    public ValueTask CloseAsync(long id, SignalLifecycle life, CancellationToken ct) =>
        _retry.ExecuteAsync(async token => await _store.CloseAsync(id, life, token).ConfigureAwait(false), ct);

    public ValueTask UpdateStatesAsync(IReadOnlyCollection<SignalStateUpdate> updates, CancellationToken ct) =>
        _retry.ExecuteAsync(async token => await _store.UpdateStatesAsync(updates, token).ConfigureAwait(false), ct);

    public async Task OpenedAsync(long id, string symbol, string interval, SignalCandidate candidate, SignalLevels levels, CancellationToken ct)
    {
        LogGenerated(_logger, id, symbol, levels.Side.ToText(), candidate.Mode.ToText(), levels.Entry);
        AtraMetrics.SignalsGenerated.WithLabels(levels.Side.ToText(), candidate.Mode.ToText()).Inc();
        AtraMetrics.SignalsOpen.Inc();
        await PublishAsync(new SignalGenerated(id, symbol, interval, levels.Side, candidate.Mode, candidate.OpenTimeMs,
            Money(levels.Entry), Money(levels.Sl), Money(levels.Tp1), Money(levels.Tp2), levels.HasDca ? Money(levels.Dca) : null, candidate.Features), ct).ConfigureAwait(false);
    }

    /// <summary>The DCA and TP1 events of one candle, then its close (in that order, as they happened).</summary>
    public async Task SteppedAsync(long id, string symbol, long candleMs, SignalLifecycle life, LifecycleEvents events, CancellationToken ct)
    {
        if ((events & LifecycleEvents.DcaFilled) != 0)
        {
            await PublishAsync(new SignalDcaFilled(id, symbol, candleMs, Money(life.DcaFillPrice), _risk.DcaQuantityFraction, Money(life.AverageEntry)), ct).ConfigureAwait(false);
        }
        if ((events & LifecycleEvents.Tp1Hit) != 0 && !double.IsNaN(life.Tp1ExitPrice))
        {
            await PublishAsync(new SignalTp1Hit(id, symbol, candleMs, Money(life.Tp1ExitPrice), _risk.Tp1CloseFraction, Money(life.AverageEntry)), ct).ConfigureAwait(false);
        }
        if (life.IsClosed)
        {
            var result = life.ProfitPct > 0 ? "win" : "loss";
            LogClosed(_logger, id, symbol, life.ExitReason.ToText(), life.ProfitPct);
            AtraMetrics.SignalOutcomes.WithLabels(result, life.ExitReason.ToText()).Inc();
            AtraMetrics.SignalsOpen.Dec();
            await PublishAsync(new SignalClosed(id, symbol, life.Levels.Side, life.ExitTimeMs, life.ExitReason, Money(life.ExitPrice),
                Money(life.AverageEntry), life.ProfitPct, result, life.Tp1Hit, life.DcaCount, Money(life.FinalExitPrice)), ct).ConfigureAwait(false);
        }
    }

    private async Task PublishAsync<T>(T notification, CancellationToken ct)
        where T : INotification
    {
        try
        {
            await _publisher.Publish(notification, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(_logger, ex, typeof(T).Name);
        }
    }

    private static decimal Money(double value) => PriceTick.ToDecimal(value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal {SignalId}: {Symbol} {Side} ({Mode}) at {Entry}")]
    private static partial void LogGenerated(ILogger logger, long signalId, string symbol, string side, string mode, double entry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal {SignalId} ({Symbol}) closed: {Reason}, profit {ProfitPct}")]
    private static partial void LogClosed(ILogger logger, long signalId, string symbol, string reason, double profitPct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A signal write failed ({Reason}); retry {Attempt} in {DelayMs:0} ms")]
    private static partial void LogWriteRetry(ILogger logger, string reason, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of {Notification} failed; the signal's state is committed (Positions reconciles periodically)")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string notification);
}
