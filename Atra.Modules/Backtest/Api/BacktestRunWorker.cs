using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Backtest.Reports;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Backtest.Api;

/// <summary>
/// Runs the backtests started through the API one at a time, in start order, on one worker thread (so the API and
/// the live scan keep the other core). Live progress is kept in memory; the outcome goes to <c>backtest_runs</c>.
/// </summary>
internal sealed partial class BacktestRunWorker(
    BacktestRunStore store,
    IBacktestRunner runner,
    IOptions<BacktestApiOptions> options,
    ILogger<BacktestRunWorker> logger) : BackgroundService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, BacktestProgress> _progress = new();

    public void Enqueue(long id) => _queue.Writer.TryWrite(id);

    public BacktestProgress? ProgressOf(long id) => _progress.TryGetValue(id, out var p) ? p : null;

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
        var run = await store.GetAsync(id, ct).ConfigureAwait(false);
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
            await store.CompleteAsync(id, SummaryJsonWriter.ToJson(result.Summary), JsonSerializer.Serialize(trades, Json), kept, ct).ConfigureAwait(false);
            LogDone(logger, id, result.Trades.Count);
        }
        catch (Exception ex) when (ex is BacktestInputException or CandleFileException)
        {
            await store.FailAsync(id, ex.Message, ct).ConfigureAwait(false);
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
            await store.FailAsync(id, "The backtest failed unexpectedly; the error was logged.", ct).ConfigureAwait(false);
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
