using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Backtest.Reports;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Backtest.Api;

/// <summary>
/// Runs the backtests started through the API one at a time, in start order, on one worker thread (so the API and
/// the live scan keep the other core). Live progress is kept in memory; the outcome goes to <c>backtest_runs</c>.
/// Every database step is retried with a back-off (<see cref="WorkerRetry"/>): a locked or failing database delays
/// runs, it never stops the worker (which would leave every later run queued until a restart).
/// </summary>
internal sealed partial class BacktestRunWorker(
    BacktestRunStore store,
    IBacktestRunner runner,
    IOptions<BacktestApiOptions> options,
    TimeProvider clock,
    ILogger<BacktestRunWorker> logger) : BackgroundService
{
    public const string WorkerName = "BacktestRunWorker";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, BacktestProgress> _progress = new();

    public void Enqueue(long id) => _queue.Writer.TryWrite(id);

    public BacktestProgress? ProgressOf(long id) => _progress.TryGetValue(id, out var p) ? p : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await Step("recovering interrupted runs", store.RecoverAsync, stoppingToken).ConfigureAwait(false))
            {
                Enqueue(id);
            }
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await Step($"starting run {id}", c => store.TryStartAsync(id, c), stoppingToken).ConfigureAwait(false))
                {
                    await RunAsync(id, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a run left 'running' is marked interrupted at the next start.
        }
    }

    private Task<T> Step<T>(string what, Func<CancellationToken, Task<T>> step, CancellationToken ct) =>
        WorkerRetry.UntilDoneAsync(WorkerName, what, step, logger, clock, ct);

    private Task Step(string what, Func<CancellationToken, Task> step, CancellationToken ct) =>
        WorkerRetry.UntilDoneAsync(WorkerName, what, step, logger, clock, ct);

    private async Task RunAsync(long id, CancellationToken ct)
    {
        var run = await Step($"reading run {id}", c => store.GetAsync(id, c), ct).ConfigureAwait(false);
        if (run is null)
        {
            return;
        }
        _progress[id] = new BacktestProgress(0, 1, "starting");
        try
        {
            var request = new BacktestRequest(
                BacktestSelection.ResolveFolder(options.Value.DataFolder),
                run.Interval,
                run.Symbols?.Split(',', StringSplitOptions.RemoveEmptyEntries),
                run.FromMs,
                run.ToMs,
                UseMl: false,
                path => CandleCsvReader.ReadFile(path))
            {
                MaxDegreeOfParallelism = 1,
                Progress = new Progress(this, id),
            };
            var result = await Task.Run(() => runner.Run(request, ct), ct).ConfigureAwait(false);
            var kept = Math.Min(result.Trades.Count, options.Value.MaxStoredTrades);
            var trades = new BacktestTradeDto[kept];
            for (var i = 0; i < kept; i++)
            {
                trades[i] = ToDto(result.Trades[i]);
            }
            var summary = SummaryJsonWriter.ToJson(result.Summary);
            var tradesJson = JsonSerializer.Serialize(trades, Json);
            // The result is kept in memory until the database takes it (a run is not repeated for a failed write).
            await Step($"recording run {id}", c => store.CompleteAsync(id, summary, tradesJson, kept, c), ct).ConfigureAwait(false);
            LogDone(logger, id, result.Trades.Count);
        }
        catch (Exception ex) when (ex is BacktestInputException or CandleFileException)
        {
            await Step($"recording run {id}'s failure", c => store.FailAsync(id, ex.Message, c), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the row stays 'running' and the next start marks it interrupted.
            throw;
        }
#pragma warning disable CA1031 // A failed run is recorded and the worker goes on to the next one.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, id);
            await Step($"recording run {id}'s failure", c => store.FailAsync(id, "The backtest failed unexpectedly; the error was logged.", c), ct).ConfigureAwait(false);
        }
        finally
        {
            _progress.TryRemove(id, out _);
        }
    }

    private static BacktestTradeDto ToDto(BacktestTrade t) => new(
        t.SignalId, t.Symbol, t.Side.ToText(), t.Mode.ToText(), DateTimeOffset.FromUnixTimeMilliseconds(t.SignalTimeMs),
        Money(t.Levels.Entry), Money(t.Levels.Sl), Money(t.Levels.Tp1), Money(t.Levels.Tp2), t.Levels.HasDca ? Money(t.Levels.Dca) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(t.ExitTimeMs), Money(t.ExitPrice), t.ExitReason.ToText(), t.Tp1Hit, t.DcaCount,
        Money(t.AvgEntryPrice), t.ProfitPct, t.Result);

    // The round-trip text of the double, as trades.csv writes it, read as the exact decimal it spells.
    private static decimal Money(double value) =>
        decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    private sealed class Progress(BacktestRunWorker worker, long id) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => worker._progress[id] = value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest run {RunId} done: {Trades} trades")]
    private static partial void LogDone(ILogger logger, long runId, int trades);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backtest run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long runId);
}
