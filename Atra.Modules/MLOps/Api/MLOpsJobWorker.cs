using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.MLOps.Api;

/// <summary>
/// Runs the retrains started through the API one at a time, in start order (as the backtests API does), on one
/// thread; the latest progress line is kept in memory, the outcome in <c>mlops_jobs</c>.
/// </summary>
internal sealed partial class MLOpsJobWorker(
    MLOpsJobStore store,
    MLOpsPipeline pipeline,
    ISignalStrategy strategy,
    IConfiguration configuration,
    ILogger<MLOpsJobWorker> logger) : BackgroundService
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, string> _progress = new();

    public void Enqueue(long id) => _queue.Writer.TryWrite(id);

    public string? ProgressOf(long id) => _progress.TryGetValue(id, out var p) ? p : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var id in await store.RecoverAsync(stoppingToken).ConfigureAwait(false))
        {
            Enqueue(id);
        }
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            if (await store.TryStartAsync(id, stoppingToken).ConfigureAwait(false))
            {
                await RunAsync(id, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(long id, CancellationToken ct)
    {
        var job = await store.GetAsync(id, ct).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }
        _progress[id] = "starting";
        try
        {
            var request = job.Request is null ? null : JsonSerializer.Deserialize<RetrainRequest>(job.Request, ModelRegistry.Json);
            var query = request is { FromCandleFiles: true }
                ? new RowQuery(BacktestSelection.ResolveFolder(configuration["Backtest:DataFolder"]), request.Symbols, request.Interval ?? strategy.Interval,
                    request.From?.ToUnixTimeMilliseconds(), request.To?.ToUnixTimeMilliseconds())
                : new RowQuery(null, null, strategy.Interval, null, null);
            var outcome = await Task.Run(() => pipeline.RetrainAsync(query, $"api:job {id}", new Progress(this, id), ct), ct).ConfigureAwait(false);
            await store.CompleteAsync(id, JsonSerializer.Serialize(outcome, ModelRegistry.Json), ct).ConfigureAwait(false);
            LogDone(logger, id, outcome.Version, outcome.Promoted);
        }
        catch (MLOpsInputException ex)
        {
            await store.FailAsync(id, ex.Message, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed job is recorded and the worker goes on to the next one.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, id);
            await store.FailAsync(id, "The retrain failed unexpectedly; the error was logged.", ct).ConfigureAwait(false);
        }
        finally
        {
            _progress.TryRemove(id, out _);
        }
    }

    private sealed class Progress(MLOpsJobWorker worker, long id) : IProgress<string>
    {
        public void Report(string value) => worker._progress[id] = value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MLOps job {JobId} done: version {Version}, promoted {Promoted}")]
    private static partial void LogDone(ILogger logger, long jobId, int version, bool promoted);

    [LoggerMessage(Level = LogLevel.Error, Message = "MLOps job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long jobId);
}
