using System.Text.Json;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.MLOps.Api;

/// <summary>
/// Runs the retrains started through the API one at a time, in start order (as the backtests API does), on one
/// thread, as a <see cref="QueuedJobWorker{TProgress}"/>; the latest progress line is kept in memory, the outcome in
/// <c>mlops_jobs</c>.
/// </summary>
internal sealed partial class MLOpsJobWorker(
    MLOpsJobStore store,
    MLOpsPipeline pipeline,
    ISignalStrategy strategy,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<MLOpsJobWorker> logger) : QueuedJobWorker<string>(WorkerName, "job", clock, logger)
{
    public const string WorkerName = "MLOpsJobWorker";

    public string? ProgressOf(long id) => TryGetProgress(id, out var p) ? p : null;

    protected override Task<IReadOnlyList<long>> RecoverAsync(CancellationToken ct) => store.RecoverAsync(ct);

    protected override Task<bool> TryStartAsync(long id, CancellationToken ct) => store.TryStartAsync(id, ct);

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        var job = await Step($"reading job {id}", c => store.GetAsync(id, c), ct).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }
        Report(id, "starting");
        try
        {
            var request = job.Request is null ? null : JsonSerializer.Deserialize<RetrainRequest>(job.Request, ModelRegistry.Json);
            var query = request is { FromCandleFiles: true }
                ? new RowQuery(BacktestSelection.ResolveFolder(configuration["Backtest:DataFolder"]), request.Symbols, request.Interval ?? strategy.Interval,
                    request.From?.ToUnixTimeMilliseconds(), request.To?.ToUnixTimeMilliseconds())
                : new RowQuery(null, null, strategy.Interval, null, null);
            var outcome = await Task.Run(() => pipeline.RetrainAsync(query, $"api:job {id}", new Progress(this, id), ct), ct).ConfigureAwait(false);
            var result = JsonSerializer.Serialize(outcome, ModelRegistry.Json);
            await Step($"recording job {id}", c => store.CompleteAsync(id, result, c), ct).ConfigureAwait(false);
            LogDone(Logger, id, outcome.Version, outcome.Promoted);
        }
        catch (MLOpsInputException ex)
        {
            await Step($"recording job {id}'s failure", c => store.FailAsync(id, ex.Message, c), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed job is recorded and the worker goes on to the next one.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(Logger, ex, id);
            await Step($"recording job {id}'s failure", c => store.FailAsync(id, "The retrain failed unexpectedly; the error was logged.", c), ct).ConfigureAwait(false);
        }
    }

    private sealed class Progress(MLOpsJobWorker worker, long id) : IProgress<string>
    {
        public void Report(string value) => worker.Report(id, value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MLOps job {JobId} done: version {Version}, promoted {Promoted}")]
    private static partial void LogDone(ILogger logger, long jobId, int version, bool promoted);

    [LoggerMessage(Level = LogLevel.Error, Message = "MLOps job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long jobId);
}
