using System.Collections.Concurrent;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.MarketData.Store;
using Atra.Modules.MarketData.Universe;
using Atra.Modules.Shared.Workers;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData;

/// <summary>
/// Keeps the candle store current and tells the rest of Atra: refreshes the universe, warms the store from
/// history, streams closed candles, fills every hole the stream left (after a reconnect, or when a candle is
/// overdue) over REST, and publishes <see cref="CandleClosed"/> for each new candle in order. Any failure
/// degrades (status, heartbeat, retry with back-off); it never stops the host.
/// </summary>
internal sealed partial class MarketDataWorker(
    ICandleSource source,
    CandleStore store,
    MarketUniverse universe,
    IPublisher publisher,
    IWorkerHeartbeats heartbeats,
    ExchangeStatusTracker status,
    IOptions<MarketOptions> options,
    TimeProvider clock,
    ILogger<MarketDataWorker> logger) : BackgroundService
{
    public const string WorkerName = "MarketDataWorker";

    private const int WarmParallelism = 4;

    private readonly MarketOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private long _lastCloseMs;

    private bool Live => source is not ReplayCandleSource;

    /// <summary>Candles published so far (all symbols and intervals).</summary>
    public long Published => Interlocked.Read(ref _published);

    private long _published;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(stoppingToken).ConfigureAwait(false);
                attempt = 0;
                if (!Live)
                {
                    LogReplayFinished(logger, Published);
                    await BeatUntilStoppedAsync(stoppingToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                heartbeats.Fail(WorkerName, ex.Message);
                status.Failure(source.Name, ex.Message);
                var delay = Backoff.Delay(attempt++, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay);
                LogSessionFailed(logger, ex, source.Name, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One universe: warm, then stream until the universe changes, a part fails, or (replay) the files end.</summary>
    private async Task RunSessionAsync(CancellationToken stoppingToken)
    {
        var symbols = await universe.RefreshAsync(stoppingToken).ConfigureAwait(false);
        if (symbols.Count == 0)
        {
            throw new InvalidOperationException(Live
                ? $"{source.Name}: the universe is empty (check Market:Symbols, Market:QuoteAsset)"
                : $"Replay: no candle files for {string.Join(", ", _options.Intervals)} in '{(source as ReplayCandleSource)?.Folder}' (Market:Replay:Folder)");
        }
        LogUniverse(logger, source.Name, symbols.Count, string.Join(",", symbols.Take(10)));
        heartbeats.Beat(WorkerName);
        foreach (var interval in _options.Intervals)
        {
            await WarmAsync(symbols, interval, stoppingToken).ConfigureAwait(false);
        }
        heartbeats.Beat(WorkerName);

        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var streams = _options.Intervals.Select(i => ConsumeAsync(symbols, i, session.Token)).ToList();
        if (!Live)
        {
            await Task.WhenAll(streams).ConfigureAwait(false);
            return;
        }
        var tasks = new List<Task>(streams) { CatchUpLoopAsync(symbols, session.Token) };
        if (_options.Symbols.Count == 0)
        {
            tasks.Add(WatchUniverseAsync(symbols, session.Token));
        }
        if (_options.WhaleFeed && source is IExchangeCatalog { SupportsTradeFeed: true } catalog)
        {
            tasks.Add(catalog.RunTradeFeedAsync(symbols, session.Token));
        }
        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        await session.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stoppingToken.ThrowIfCancellationRequested();
        await first.ConfigureAwait(false);
    }

    /// <summary>Fills the store: history for new symbols (not published: it is the past), a catch-up for known ones.</summary>
    private async Task WarmAsync(IReadOnlyList<string> symbols, string interval, CancellationToken ct)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Live ? WarmParallelism : 1, CancellationToken = ct };
        var failures = 0;
        await Parallel.ForEachAsync(symbols, parallel, async (symbol, token) =>
        {
            try
            {
                await WarmSymbolAsync(symbol, interval, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ExchangeException or HttpRequestException or System.Text.Json.JsonException)
            {
                Interlocked.Increment(ref failures);
                LogWarmFailed(logger, symbol, interval, ex.Message);
            }
        }).ConfigureAwait(false);
        if (failures == symbols.Count && Live)
        {
            throw new ExchangeException(source.Name, $"warming {interval} failed for every symbol; see the status for the last error");
        }
    }

    private async Task WarmSymbolAsync(string symbol, string interval, CancellationToken ct)
    {
        var gate = Lock(symbol, interval);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (store.TryGetLast(symbol, interval, out var last))
            {
                await BackfillAsync(symbol, interval, last.OpenTimeMs + CandleInterval.Milliseconds(interval), null, ct).ConfigureAwait(false);
                return;
            }
            var history = await source.GetHistoryAsync(symbol, interval, null, null, store.Depth, ct).ConfigureAwait(false);
            foreach (var candle in history)
            {
                store.Append(symbol, interval, candle);
            }
            if (history.Count > 0)
            {
                NoteClose(history[^1], interval);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ConsumeAsync(IReadOnlyList<string> symbols, string interval, CancellationToken ct)
    {
        await foreach (var (symbol, candle) in source.StreamClosedAsync(symbols, interval, ct).ConfigureAwait(false))
        {
            await IngestAsync(symbol, interval, candle, ct).ConfigureAwait(false);
            heartbeats.Beat(WorkerName);
        }
    }

    /// <summary>
    /// One streamed candle. Older or equal open times are ignored (idempotent); a jump past the next expected
    /// open time is filled from history first, so the store and the subscribers see the series without holes.
    /// </summary>
    internal async Task IngestAsync(string symbol, string interval, Candle candle, CancellationToken ct)
    {
        var gate = Lock(symbol, interval);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (store.TryGetLast(symbol, interval, out var last))
            {
                if (candle.OpenTimeMs <= last.OpenTimeMs)
                {
                    LogIgnored(logger, symbol, interval, candle.OpenTimeMs);
                    return;
                }
                var ms = CandleInterval.Milliseconds(interval);
                if (Live && candle.OpenTimeMs > last.OpenTimeMs + ms)
                {
                    await BackfillAsync(symbol, interval, last.OpenTimeMs + ms, candle.OpenTimeMs - 1, ct).ConfigureAwait(false);
                }
            }
            await CommitAsync(symbol, interval, candle, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Fetches and commits the closed candles in [from, to]; call with the symbol's lock held.</summary>
    private async Task BackfillAsync(string symbol, string interval, long from, long? to, CancellationToken ct)
    {
        var ms = CandleInterval.Milliseconds(interval);
        var until = to ?? clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (until < from)
        {
            return;
        }
        var count = (int)Math.Min(100_000, ((until - from) / ms) + 1);
        IReadOnlyList<Candle> missed;
        try
        {
            missed = await source.GetHistoryAsync(symbol, interval, from, to, count, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExchangeException or HttpRequestException or System.Text.Json.JsonException)
        {
            // The newer candle is still taken: a stalled series is worse than a hole the catch-up cannot fill.
            LogBackfillFailed(logger, symbol, interval, from, ex.Message);
            return;
        }
        var filled = 0;
        foreach (var candle in missed)
        {
            if (await CommitAsync(symbol, interval, candle, ct).ConfigureAwait(false))
            {
                filled++;
            }
        }
        if (filled > 0)
        {
            MarketDataMetrics.CandlesBackfilled.WithLabels(source.Name).Inc(filled);
            LogBackfilled(logger, filled, symbol, interval, from);
        }
    }

    private async Task<bool> CommitAsync(string symbol, string interval, Candle candle, CancellationToken ct)
    {
        if (store.Append(symbol, interval, candle) != AppendResult.Appended)
        {
            return false;
        }
        NoteClose(candle, interval);
        Interlocked.Increment(ref _published);
        try
        {
            await publisher.Publish(new CandleClosed(symbol, interval, candle), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing subscriber must not stop market data for everyone else.
            LogPublishFailed(logger, ex, symbol, interval, candle.OpenTimeMs);
        }
        return true;
    }

    private void NoteClose(Candle candle, string interval)
    {
        var close = candle.OpenTimeMs + CandleInterval.Milliseconds(interval);
        long seen;
        while (close > (seen = Interlocked.Read(ref _lastCloseMs)) && Interlocked.CompareExchange(ref _lastCloseMs, close, seen) != seen)
        {
        }
        if (Live)
        {
            UpdateLag();
        }
    }

    private void UpdateLag()
    {
        var last = Interlocked.Read(ref _lastCloseMs);
        if (last > 0)
        {
            MarketDataMetrics.CandleLag.WithLabels(source.Name).Set(Math.Max(0, (clock.GetUtcNow().ToUnixTimeMilliseconds() - last) / 1000.0));
        }
    }

    /// <summary>Fetches candles that are overdue (the socket is silent or lost a message), and warms symbols that failed to warm.</summary>
    private async Task CatchUpLoopAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.CatchUpPeriod, clock);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            heartbeats.Beat(WorkerName);
            UpdateLag();
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var grace = (long)_options.CatchUpGrace.TotalMilliseconds;
            foreach (var interval in _options.Intervals)
            {
                var ms = CandleInterval.Milliseconds(interval);
                foreach (var symbol in symbols)
                {
                    var known = store.TryGetLast(symbol, interval, out var last);
                    if (known && now < last.OpenTimeMs + (2 * ms) + grace)
                    {
                        continue;
                    }
                    try
                    {
                        await WarmSymbolAsync(symbol, interval, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is ExchangeException or HttpRequestException or System.Text.Json.JsonException)
                    {
                        LogWarmFailed(logger, symbol, interval, ex.Message);
                    }
                }
            }
        }
    }

    /// <summary>Ends the session when the top-N universe changes, so it restarts with the new symbols.</summary>
    private async Task WatchUniverseAsync(IReadOnlyList<string> current, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.UniverseRefresh, clock);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                var next = await universe.RefreshAsync(ct).ConfigureAwait(false);
                if (!next.Order(StringComparer.Ordinal).SequenceEqual(current.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                {
                    LogUniverseChanged(logger, next.Count);
                    return;
                }
            }
            catch (Exception ex) when (ex is ExchangeException or HttpRequestException or System.Text.Json.JsonException)
            {
                LogUniverseRefreshFailed(logger, ex.Message);
            }
        }
    }

    private async Task BeatUntilStoppedAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), clock);
        try
        {
            do
            {
                heartbeats.Beat(WorkerName);
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private SemaphoreSlim Lock(string symbol, string interval) => _locks.GetOrAdd($"{symbol}|{interval}", _ => new SemaphoreSlim(1, 1));

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: watching {Count} symbols ({First} …)")]
    private static partial void LogUniverse(ILogger logger, string source, int count, string first);

    [LoggerMessage(Level = LogLevel.Information, Message = "The universe changed ({Count} symbols); restarting the streams")]
    private static partial void LogUniverseChanged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Universe refresh failed ({Reason}); keeping the current symbols")]
    private static partial void LogUniverseRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Market data from {Source} failed; retrying in {Seconds:0.#} s")]
    private static partial void LogSessionFailed(ILogger logger, Exception exception, string source, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming {Symbol} {Interval} failed ({Reason}); the catch-up retries it")]
    private static partial void LogWarmFailed(ILogger logger, string symbol, string interval, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Symbol} {Interval} candle {OpenTimeMs} is not newer than the store's last; ignored")]
    private static partial void LogIgnored(ILogger logger, string symbol, string interval, long openTimeMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfilled {Count} {Symbol} {Interval} candles from {FromMs}")]
    private static partial void LogBackfilled(ILogger logger, int count, string symbol, string interval, long fromMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Symbol} {Interval} from {FromMs} failed ({Reason}); the series has a hole there")]
    private static partial void LogBackfillFailed(ILogger logger, string symbol, string interval, long fromMs, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A CandleClosed subscriber failed for {Symbol} {Interval} {OpenTimeMs}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string symbol, string interval, long openTimeMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay finished after {Count} candles")]
    private static partial void LogReplayFinished(ILogger logger, long count);
}
