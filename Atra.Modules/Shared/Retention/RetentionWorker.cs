using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Retention;

/// <summary>
/// Every <c>Retention:Interval</c>, runs each module's <see cref="IRetentionPolicy"/> in batches until nothing older
/// than its cutoff is left. One policy's failure is logged and the others still run; the tick then counts as failed.
/// </summary>
internal sealed partial class RetentionWorker : PeriodicWorker
{
    public const string WorkerName = "RetentionWorker";

    private readonly IOptions<RetentionOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RetentionWorker> _logger;

    public RetentionWorker(IServiceScopeFactory scopes, IWorkerHeartbeats heartbeats, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionWorker> logger)
        : base(scopes, heartbeats, clock, logger)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    protected override string Name => WorkerName;

    protected override TimeSpan Period => _options.Value.Interval;

    protected override async Task TickAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var policy in services.GetServices<IRetentionPolicy>())
        {
            try
            {
                await PruneAsync(policy, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed.Add(policy.Name);
                LogPolicyFailed(_logger, ex, policy.Name);
            }
        }
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"pruning {string.Join(", ", failed)} failed");
        }
    }

    /// <summary>Prunes one policy's rows older than its cutoff, batch by batch; returns how many went.</summary>
    internal async Task<long> PruneAsync(IRetentionPolicy policy, CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var keep = settings.Keep.TryGetValue(policy.Name, out var configured) ? configured : policy.DefaultKeep;
        var cutoff = _clock.GetUtcNow() - keep;
        long total = 0;
        int deleted;
        do
        {
            deleted = await policy.PruneAsync(cutoff, settings.BatchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted >= settings.BatchSize);
        AtraMetrics.RetentionPruned.WithLabels(policy.Name).Inc(total);
        if (total > 0)
        {
            LogPruned(_logger, total, policy.Name, cutoff);
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention pruned {Rows} {Policy} rows older than {Cutoff:u}")]
    private static partial void LogPruned(ILogger logger, long rows, string policy, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention of {Policy} failed; the next run tries again")]
    private static partial void LogPolicyFailed(ILogger logger, Exception exception, string policy);
}
