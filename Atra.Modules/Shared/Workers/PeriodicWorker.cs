using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Shared.Workers;

/// <summary>
/// The shape of every periodic worker: a <see cref="PeriodicTimer"/> on the <see cref="TimeProvider"/>, a DI
/// scope per tick, catch-log-continue per tick (one bad tick never stops the worker), and a heartbeat.
/// </summary>
public abstract partial class PeriodicWorker : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IWorkerHeartbeats _heartbeats;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    protected PeriodicWorker(IServiceScopeFactory scopes, IWorkerHeartbeats heartbeats, TimeProvider clock, ILogger logger)
    {
        _scopes = scopes;
        _heartbeats = heartbeats;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The name shown by health and metrics; ends in <c>Worker</c>.</summary>
    protected abstract string Name { get; }

    protected abstract TimeSpan Period { get; }

    protected abstract Task TickAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>False: the first tick is one period after the start (a worker that already ran once at start).</summary>
    protected virtual bool TickAtStart => true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _clock);
        if (!TickAtStart && !await WaitAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            return;
        }
        do
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One tick, with its own scope and its own error boundary.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await TickAsync(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            _heartbeats.Beat(Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            _heartbeats.Fail(Name, ex.Message);
            Metrics.AtraMetrics.WorkerFailures.WithLabels(Name).Inc();
            LogTickFailed(_logger, ex, Name);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} tick failed; it will run again at the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string worker);
}
