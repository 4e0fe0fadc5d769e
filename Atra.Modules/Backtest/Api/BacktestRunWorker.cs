using System.Globalization;
using System.Text.Json;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Backtest.Reports;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Backtest.Api;

/// <summary>
/// Runs the backtests started through the API one at a time, in start order, on one worker thread (so the API and
/// the live scan keep the other core), as a <see cref="QueuedJobWorker{TProgress}"/>. Live progress is kept in memory;
/// the outcome goes to <c>backtest_runs</c>.
/// </summary>
internal sealed partial class BacktestRunWorker(
    BacktestRunStore store,
    IBacktestRunner runner,
    IOptions<BacktestApiOptions> options,
    TimeProvider clock,
    ILogger<BacktestRunWorker> logger) : QueuedJobWorker<BacktestProgress>(WorkerName, "run", clock, logger)
{
    public const string WorkerName = "BacktestRunWorker";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public BacktestProgress? ProgressOf(long id) => TryGetProgress(id, out var p) ? p : null;

    protected override Task<IReadOnlyList<long>> RecoverAsync(CancellationToken ct) => store.RecoverAsync(ct);

    protected override Task<bool> TryStartAsync(long id, CancellationToken ct) => store.TryStartAsync(id, ct);

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        var run = await Step($"reading run {id}", c => store.GetAsync(id, c), ct).ConfigureAwait(false);
        if (run is null)
        {
            return;
        }
        Report(id, new BacktestProgress(0, 1, "starting"));
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
            LogDone(Logger, id, result.Trades.Count);
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
            LogFailed(Logger, ex, id);
            await Step($"recording run {id}'s failure", c => store.FailAsync(id, "The backtest failed unexpectedly; the error was logged.", c), ct).ConfigureAwait(false);
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
        public void Report(BacktestProgress value) => worker.Report(id, value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest run {RunId} done: {Trades} trades")]
    private static partial void LogDone(ILogger logger, long runId, int trades);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backtest run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long runId);
}
