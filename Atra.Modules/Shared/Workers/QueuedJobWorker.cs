using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Shared.Workers;

/// <summary>
/// Jobs started through the API (backtest runs, retrains), run one at a time in start order on one worker: ids wait
/// in a channel, the ones a stop interrupted are recovered at start, the latest progress is kept in memory. Every
/// database step goes through <see cref="WorkerRetry"/>, so a locked or failing database delays jobs and never
/// stops the worker (which would leave every later job queued until a restart).
/// </summary>
/// <typeparam name="TProgress">What a running job reports.</typeparam>
internal abstract class QueuedJobWorker<TProgress>(string name, string kind, TimeProvider clock, ILogger logger) : BackgroundService
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TProgress> _progress = new();

    protected ILogger Logger => logger;

    public void Enqueue(long id) => _queue.Writer.TryWrite(id);

    protected bool TryGetProgress(long id, out TProgress progress) => _progress.TryGetValue(id, out progress!);

    /// <summary>The ids a stop left queued (and marks the ones it left running as interrupted).</summary>
    protected abstract Task<IReadOnlyList<long>> RecoverAsync(CancellationToken ct);

    /// <summary>Claims a queued job; false when it is gone or already taken.</summary>
    protected abstract Task<bool> TryStartAsync(long id, CancellationToken ct);

    /// <summary>Runs a claimed job and records its outcome (with <see cref="Step"/>).</summary>
    protected abstract Task RunAsync(long id, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await Step($"recovering interrupted {kind}s", RecoverAsync, stoppingToken).ConfigureAwait(false))
            {
                Enqueue(id);
            }
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await Step($"starting {kind} {id}", c => TryStartAsync(id, c), stoppingToken).ConfigureAwait(false))
                {
                    try
                    {
                        await RunAsync(id, stoppingToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _progress.TryRemove(id, out _);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a job left 'running' is marked interrupted at the next start.
        }
    }

    protected void Report(long id, TProgress progress) => _progress[id] = progress;

    protected Task<T> Step<T>(string what, Func<CancellationToken, Task<T>> step, CancellationToken ct) =>
        WorkerRetry.UntilDoneAsync(name, what, step, logger, clock, ct);

    protected Task Step(string what, Func<CancellationToken, Task> step, CancellationToken ct) =>
        WorkerRetry.UntilDoneAsync(name, what, step, logger, clock, ct);
}
