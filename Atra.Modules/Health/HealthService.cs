using System.Diagnostics;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health;

/// <summary>
/// Runs every <see cref="IHealthCheckContributor"/> in parallel, each under <c>Health:CheckTimeout</c>, and
/// folds their components into one report whose status is the worst. Keeps the latest report for the status
/// page, the gauge and the cached readiness answer.
/// </summary>
internal sealed partial class HealthService(
    IEnumerable<IHealthCheckContributor> contributors,
    IOptions<HealthOptions> options,
    TimeProvider clock,
    ILogger<HealthService> logger) : IDisposable
{
    private readonly IHealthCheckContributor[] _contributors = [.. contributors];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HealthReport? _latest;

    /// <summary>The latest report, or null before the first run.</summary>
    public HealthReport? Latest => Volatile.Read(ref _latest);

    public async Task<HealthReport> RunAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var runs = new Task<IReadOnlyList<ComponentHealth>>[_contributors.Length];
        for (var i = 0; i < _contributors.Length; i++)
        {
            runs[i] = RunOneAsync(_contributors[i], context, cancellationToken);
        }
        var results = await Task.WhenAll(runs).ConfigureAwait(false);

        var components = new List<ComponentHealth>();
        var overall = HealthStatus.Healthy;
        foreach (var list in results)
        {
            foreach (var component in list)
            {
                components.Add(component);
                overall = overall.Worst(component.Status);
            }
        }
        if (components.Count == 0)
        {
            overall = HealthStatus.Unknown;
        }
        var report = new HealthReport(overall, clock.GetUtcNow(), components);
        foreach (var component in components)
        {
            AtraMetrics.HealthStatus.WithLabels(component.Name).Set((int)component.Status);
        }
        Volatile.Write(ref _latest, report);
        return report;
    }

    /// <summary>The latest report when it is younger than <paramref name="maxAge"/>, else a fresh one (one run at a time).</summary>
    public async Task<HealthReport> GetAsync(TimeSpan maxAge, HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (Fresh(maxAge) is { } cached)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed it while this one waited.
            return Fresh(maxAge) ?? await RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private HealthReport? Fresh(TimeSpan maxAge) =>
        Latest is { } latest && clock.GetUtcNow() - latest.CheckedAt <= maxAge ? latest : null;

    private async Task<IReadOnlyList<ComponentHealth>> RunOneAsync(IHealthCheckContributor contributor, HealthCheckContext context, CancellationToken cancellationToken)
    {
        var timeout = options.Value.CheckTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Task.Run: a contributor that blocks synchronously must not hold up the others.
            return await Task.Run(() => contributor.CheckAsync(context, cts.Token).AsTask(), cts.Token)
                .WaitAsync(timeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogTimedOut(logger, contributor.Name, timeout.TotalSeconds);
            return [ComponentHealth.Of(contributor.Name, HealthStatus.Unknown, $"the check did not finish within {timeout.TotalSeconds:0.#} s", new Dictionary<string, object?>
            {
                ["elapsed_ms"] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            })];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, contributor.Name);
            return [ComponentHealth.Of(contributor.Name, HealthStatus.Unknown, "the check itself failed", detail: ex.Message)];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} did not finish within {Seconds} s")]
    private static partial void LogTimedOut(ILogger logger, string check, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Health check {Check} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string check);
}
