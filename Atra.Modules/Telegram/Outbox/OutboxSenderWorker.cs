using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Atra.Modules.Shared.Workers;
using Atra.Modules.Telegram.Bot;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// Delivers the outbox within Telegram's limits (<see cref="SendRateLimiter"/>). The database stays off the send
/// path: the next batch is leased in the background while the current one is sent, and sent marks are committed in
/// groups by one writer (a group is whatever was answered while the previous group was being written, so no mark
/// waits on a timer). Outcomes: sent → marked; 429 → the message and the whole sender wait retry_after; 403
/// (blocked, deactivated) → the user is marked inactive and their queue dropped; other 4xx → logged and dropped;
/// network errors and 5xx → retried with exponential backoff up to <c>Telegram:MaxSendAttempts</c>. At shutdown,
/// sends on the wire finish and are marked, and leased messages not yet sent go back to the queue.
/// Recording an outcome is retried in place; when the store still fails, the outcome is parked and recorded by the
/// recovery tick (every few seconds) once the store answers, and the tick also makes due again any lease older than
/// <c>Telegram:OutboxLeaseTimeout</c> that this sender does not hold, so no chat is cut off until a restart.
/// </summary>
internal sealed partial class OutboxSenderWorker(
    IOutboxStore store,
    SendRateLimiter limiter,
    OutboxWakeup wakeup,
    TelegramBot bot,
    IMediator mediator,
    TokenScrubber scrubber,
    IWorkerHeartbeats heartbeats,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<OutboxSenderWorker> logger) : BackgroundService
{
    public const string WorkerName = "TelegramOutboxWorker";

    // A batch covers a few seconds of sending at Telegram's rate; the next one is leased while half of it is left.
    // Only these rows are in memory, however long the queue.
    private const int BatchSize = 128;
    private const int RefillBelow = 64;
    private const int MaxMarksPerWrite = 512;
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(250);

    // Outcome recording: two quick retries in place, then parked for the recovery tick.
    private static readonly TimeSpan[] SettleRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];
    private static readonly TimeSpan RecoveryPeriod = TimeSpan.FromSeconds(5);

    // Leases this sender holds until their outcome is recorded (leased, on the wire, waiting for a mark, or parked):
    // the recovery never hands these to another send.
    private readonly ConcurrentDictionary<string, OutboxItem> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task>> _parked = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly Channel<SentMark> _marks = Channel.CreateUnbounded<SentMark>(new UnboundedChannelOptions { SingleReader = true });
    private long _sendSequence;

    /// <summary>Outcomes Telegram gave that the store has not recorded yet (each keeps its chat waiting).</summary>
    internal int Unsettled => _parked.Count;

    private static string LeaseKey(OutboxItem item) => item.EntryId ?? item.Id.ToString(CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bot.Enabled)
        {
            return;
        }
        // Microsoft.Data.Sqlite runs "async" calls synchronously: store work goes to the pool, not the sending loop.
        // Retried until the store answers (a locked database, Redis down): the sender waits, it does not die.
        try
        {
            var recovered = await WorkerRetry.UntilDoneAsync(WorkerName, "recovering leased messages", ct => Task.Run(() => store.RecoverInFlightAsync(ct), ct),
                logger, clock, stoppingToken, heartbeats, scrubber.Describe).ConfigureAwait(false);
            if (recovered > 0)
            {
                LogRecovered(logger, recovered);
            }
            // A process just restarted does not know what its predecessor sent in the last second: wait out one window
            // (and one per-chat interval) before the first send, so a quick restart cannot push Telegram over its limits.
            var settle = TimeSpan.FromSeconds(1) > options.Value.PerChatInterval ? TimeSpan.FromSeconds(1) : options.Value.PerChatInterval;
            await Task.Delay(settle, clock, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        var writer = Task.Factory.StartNew(WriteMarks, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var ready = new List<OutboxItem>(BatchSize);
        Task<IReadOnlyList<OutboxItem>>? lease = null;
        Task gauge = Task.CompletedTask;
        Task recovery = Task.CompletedTask;
        var lastGauge = DateTimeOffset.MinValue;
        var lastRecovery = clock.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                if (now - lastGauge >= TimeSpan.FromSeconds(1) && gauge.IsCompleted)
                {
                    if (_parked.IsEmpty)
                    {
                        heartbeats.Beat(WorkerName);
                    }
                    else
                    {
                        heartbeats.Fail(WorkerName, $"{_parked.Count} send outcome(s) not recorded yet; retrying");
                    }
                    gauge = Task.Run(() => UpdateDepthAsync(stoppingToken), CancellationToken.None);
                    lastGauge = now;
                }
                if (now - lastRecovery >= RecoveryPeriod && recovery.IsCompleted)
                {
                    recovery = Task.Run(() => RecoverAsync(stoppingToken), CancellationToken.None);
                    lastRecovery = now;
                }
                var paused = limiter.PausedUntil - now;
                if (paused > TimeSpan.Zero)
                {
                    await Task.Delay(paused, clock, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                if (lease is null && ready.Count <= RefillBelow)
                {
                    var room = BatchSize - ready.Count;
                    // On its own thread for the same reason as the marks: the claim is a write that may wait for the lock.
                    lease = Task.Factory.StartNew(() => store.LeaseAsync(room, stoppingToken).GetAwaiter().GetResult(), stoppingToken,
                        TaskCreationOptions.LongRunning, TaskScheduler.Default);
                }
                if (lease is not null && (lease.IsCompleted || ready.Count == 0))
                {
                    IReadOnlyList<OutboxItem> leased;
                    try
                    {
                        leased = await lease.ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        // The store is unreachable for now (Redis down, database busy): messages wait, the sender does not die.
                        lease = null;
                        LogStoreFailed(logger, ex);
                        await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(false);
                        continue;
                    }
                    lease = null;
                    foreach (var leasedItem in leased)
                    {
                        _held[LeaseKey(leasedItem)] = leasedItem;
                    }
                    ready.AddRange(leased);
                    if (ready.Count == 0)
                    {
                        await IdleAsync(stoppingToken).ConfigureAwait(false);
                        continue;
                    }
                }
                var index = FirstReadyChat(ready);
                if (index < 0)
                {
                    // Every leased message is for a chat still cooling down.
                    await IdleAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }
                var item = ready[index];
                ready.RemoveAt(index);
                bool paid;
                try
                {
                    paid = await limiter.AcquireGlobalAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    limiter.EndChat(item.ChatId, sent: false);
                    ready.Insert(0, item);
                    throw;
                }
                if (limiter.PausedUntil > clock.GetUtcNow())
                {
                    // A 429 arrived while this one waited for its slot.
                    limiter.ReturnUnused(paid);
                    limiter.EndChat(item.ChatId, sent: false);
                    ready.Insert(index, item);
                    continue;
                }
                var key = Interlocked.Increment(ref _sendSequence);
                var task = SendAsync(item, paid);
                _inFlight[key] = task;
                _ = task.ContinueWith(_ => _inFlight.TryRemove(key, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            // Sends already made must be marked, or the next start would send them again.
            await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
            if (lease is not null)
            {
                try
                {
                    ready.AddRange(await lease.ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Cancelled before it claimed anything, or failed: what it claimed is recovered at the next start.
                }
            }
            try
            {
                await store.ReleaseAsync(ready, CancellationToken.None).ConfigureAwait(false);
                foreach (var released in ready)
                {
                    _held.TryRemove(LeaseKey(released), out _);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // They stay leased; the next start recovers them.
                LogReleaseFailed(logger, ready.Count, ex);
            }
            _marks.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            await gauge.ConfigureAwait(false);
            await recovery.ConfigureAwait(false);
        }
    }

    /// <summary>The first leased message whose chat may receive now (the chat is then marked busy); -1 when none.</summary>
    private int FirstReadyChat(List<OutboxItem> ready)
    {
        for (var i = 0; i < ready.Count; i++)
        {
            if (limiter.TryBeginChat(ready[i].ChatId))
            {
                return i;
            }
        }
        return -1;
    }

    private async Task UpdateDepthAsync(CancellationToken cancellationToken)
    {
        try
        {
            TelegramMetrics.OutboxDepth.Set(await store.DepthAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A gauge may miss a beat; the sender must not.
            LogDepthFailed(logger, ex);
        }
    }

    /// <summary>
    /// Group commit of sent marks: one write per batch of answers, until the channel is completed and drained. On its
    /// own thread, blocking: a SQLite write that waits for the lock must not hold one of the few pool threads the
    /// sending loop and the permit timers need on a busy 2-core machine.
    /// </summary>
    private void WriteMarks()
    {
        var batch = new List<SentMark>(MaxMarksPerWrite);
        var reader = _marks.Reader;
        while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxMarksPerWrite && reader.TryRead(out var mark))
            {
                batch.Add(mark);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    store.MarkSentAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                    foreach (var mark in batch)
                    {
                        _held.TryRemove(LeaseKey(mark.Item), out _);
                    }
                    break;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && attempt < 5)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(200 * attempt));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Parked: the recovery tick writes each mark once the store answers (a sent message is not sent again).
                    foreach (var mark in batch)
                    {
                        _parked[LeaseKey(mark.Item)] = c => store.MarkSentAsync([mark], c);
                    }
                    LogMarkFailed(logger, batch.Count, ex);
                    break;
                }
            }
            batch.Clear();
        }
    }

    private async Task IdleAsync(CancellationToken cancellationToken)
    {
        var wait = IdleCheck;
        var now = clock.GetUtcNow();
        if (limiter.EarliestChatReady() is { } ready && ready - now < wait)
        {
            wait = ready - now;
        }
        try
        {
            if (await Task.Run(() => store.NextDueAsync(cancellationToken), cancellationToken).ConfigureAwait(false) is { } due && due - now < wait)
            {
                wait = due - now;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            LogStoreFailed(logger, ex);
        }
        if (wait > TimeSpan.Zero)
        {
            await wakeup.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The recovery tick: parked outcomes are recorded (in order, stopping at the first failure: the store is still
    /// down), then leases nobody holds that are older than <c>Telegram:OutboxLeaseTimeout</c> become due again.
    /// </summary>
    private async Task RecoverAsync(CancellationToken ct)
    {
        try
        {
            var settled = 0;
            foreach (var (key, record) in _parked)
            {
                await record(ct).ConfigureAwait(false);
                _parked.TryRemove(key, out _);
                _held.TryRemove(key, out _);
                settled++;
            }
            if (settled > 0)
            {
                LogSettledLate(logger, settled);
                wakeup.Notify();
            }
            var recovered = await store.RecoverLeasesAsync(clock.GetUtcNow() - options.Value.OutboxLeaseTimeout, _held.Values.ToList(), ct).ConfigureAwait(false);
            if (recovered > 0)
            {
                LogLeasesRecovered(logger, recovered);
                wakeup.Notify();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the next start recovers every lease.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecoveryFailed(logger, _parked.Count, scrubber.Describe(ex));
        }
    }

    /// <summary>
    /// Records a leased message's outcome; never throws. Retried in place, then parked for the recovery tick, so a
    /// store error is logged and the chat resumes as soon as the store answers (the lease stays held meanwhile, so
    /// the message is not sent twice).
    /// </summary>
    private async Task SettleAsync(OutboxItem item, string outcome, Func<CancellationToken, Task> record)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await record(CancellationToken.None).ConfigureAwait(false);
                _held.TryRemove(LeaseKey(item), out _);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (attempt >= SettleRetryDelays.Length)
                {
                    _parked[LeaseKey(item)] = record;
                    LogSettleParked(logger, ex, outcome, item.DedupKey, item.ChatId);
                    return;
                }
                LogSettleRetry(logger, outcome, item.DedupKey, item.ChatId, attempt + 1, scrubber.Describe(ex));
                await Task.Delay(SettleRetryDelays[attempt], clock, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A follow-up of an outcome (postpone or drop the rest of a chat, deactivate a user): logged when it fails, never thrown.</summary>
    private async Task FollowUpAsync(string what, long chatId, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFollowUpFailed(logger, ex, what, chatId);
        }
    }

    /// <summary>One send; whatever goes wrong is logged (a faulted send task would otherwise vanish unobserved).</summary>
    /// <param name="paid">Sent over the free rate as a paid broadcast (<c>allow_paid_broadcast</c>).</param>
    private async Task SendAsync(OutboxItem item, bool paid)
    {
        try
        {
            await SendCoreAsync(item, paid).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not held any more: the lease recovery makes it due again after Telegram:OutboxLeaseTimeout.
            _held.TryRemove(LeaseKey(item), out _);
            LogSendFaulted(logger, ex, item.DedupKey, item.ChatId);
        }
    }

    private async Task SendCoreAsync(OutboxItem item, bool paid)
    {
        // No yield: the loop itself starts the request (one thread hop less per send on a busy machine).
        var o = options.Value;
        var requested = false;
        var answeredAt = DateTimeOffset.MinValue;
        var startedAt = clock.GetTimestamp();
        // Not the stopping token: a request on the wire is allowed to finish so its outcome is recorded.
        using var timeout = new CancellationTokenSource(o.ShutdownGrace + TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        try
        {
            var markup = Keyboards.FromJson(item.ReplyMarkup);
            requested = true;
            startedAt = clock.GetTimestamp();
            Message message = item.Method == "edit"
                ? await bot.Client.EditMessageText(item.ChatId, (int)item.EditMessageId!.Value, item.Text, replyMarkup: markup, cancellationToken: ct).ConfigureAwait(false)
                : await bot.Client.SendMessage(item.ChatId, item.Text, replyMarkup: markup, allowPaidBroadcast: paid, cancellationToken: ct).ConfigureAwait(false);
            answeredAt = Answered(item, startedAt, paid);
            _marks.Writer.TryWrite(new SentMark(item, message.MessageId));
            TelegramMetrics.Sent.Inc();
        }
        catch (ApiRequestException ex)
        {
            answeredAt = Answered(item, startedAt, paid);
            await HandleApiErrorAsync(item, ex, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (requested && ex is RequestException or HttpRequestException or OperationCanceledException)
        {
            answeredAt = Answered(item, startedAt, paid);
            await RetryLaterAsync(item, "network", scrubber.Describe(ex)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Unexpected (a bad keyboard row, a database hiccup): keep the message, try again later.
            if (requested && answeredAt == DateTimeOffset.MinValue)
            {
                answeredAt = Answered(item, startedAt, paid);
            }
            await RetryLaterAsync(item, "error", scrubber.Describe(ex)).ConfigureAwait(false);
        }
        finally
        {
            if (answeredAt == DateTimeOffset.MinValue)
            {
                // No request went out (or its outcome was settled above without an answer time).
                if (requested)
                {
                    limiter.ReleaseAfterWindow(paid);
                }
                else
                {
                    limiter.EndChat(item.ChatId, sent: false);
                    limiter.ReturnUnused(paid);
                }
            }
        }
    }

    /// <summary>The request was answered: the chat's interval and the permit's window count from now.</summary>
    private DateTimeOffset Answered(OutboxItem item, long startedAt, bool paid)
    {
        TelegramMetrics.RequestDuration.Observe(clock.GetElapsedTime(startedAt).TotalSeconds);
        var now = clock.GetUtcNow();
        limiter.EndChat(item.ChatId, sent: true);
        limiter.ReleaseAfterWindow(paid);
        return now;
    }

    private async Task HandleApiErrorAsync(OutboxItem item, ApiRequestException ex, CancellationToken ct)
    {
        var description = scrubber.Scrub(ex.Message);
        switch (ex.ErrorCode)
        {
            case 429:
            {
                TelegramMetrics.RateLimited.Inc();
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                var until = clock.GetUtcNow() + wait;
                limiter.PostponeChat(item.ChatId, until);
                // Telegram does not say which limit was hit; waiting with every message is the safe reading.
                limiter.PauseAll(until);
                await SettleAsync(item, "reschedule", c => store.RescheduleAsync(item, until, description, countAttempt: false, c)).ConfigureAwait(false);
                await FollowUpAsync("postpone chat", item.ChatId, () => store.PostponeChatAsync(item.ChatId, until, ct)).ConfigureAwait(false);
                LogRateLimited(logger, item.ChatId, wait.TotalSeconds);
                break;
            }
            case 403:
            {
                TelegramMetrics.Failed.WithLabels("blocked").Inc();
                await SettleAsync(item, "drop", c => store.DropAsync(item, description, c)).ConfigureAwait(false);
                var dropped = 0;
                await FollowUpAsync("drop chat", item.ChatId, async () => dropped = await store.DropChatAsync(item.ChatId, "chat blocked: " + description, ct).ConfigureAwait(false)).ConfigureAwait(false);
                await FollowUpAsync("deactivate user", item.ChatId, async () =>
                {
                    // In a private chat the chat id is the user's Telegram id.
                    var user = await mediator.Send(new GetUserByTelegramId(item.ChatId), ct).ConfigureAwait(false);
                    if (user is not null)
                    {
                        await mediator.Send(new DeactivateUser(user.Id, DeactivationCause.BlockedBot, "telegram: " + description), ct).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
                LogBlocked(logger, item.ChatId, description, dropped);
                break;
            }
            case 400 when item.Method == "edit" && description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase):
                _marks.Writer.TryWrite(new SentMark(item, item.EditMessageId));
                break;
            case 401:
            {
                // The token was revoked or is wrong: keep every message for when it is fixed, and stop hammering.
                var until = clock.GetUtcNow() + options.Value.MaxRetryDelay;
                limiter.PauseAll(until);
                await SettleAsync(item, "reschedule", c => store.RescheduleAsync(item, until, description, countAttempt: false, c)).ConfigureAwait(false);
                LogUnauthorized(logger);
                break;
            }
            case >= 500:
                await RetryLaterAsync(item, "server", description).ConfigureAwait(false);
                break;
            default:
                TelegramMetrics.Failed.WithLabels("bad_request").Inc();
                await SettleAsync(item, "drop", c => store.DropAsync(item, description, c)).ConfigureAwait(false);
                LogDropped(logger, item.DedupKey, item.ChatId, ex.ErrorCode, description);
                break;
        }
    }

    private async Task RetryLaterAsync(OutboxItem item, string reason, string error)
    {
        var o = options.Value;
        var attempts = item.Attempts + 1;
        if (attempts >= o.MaxSendAttempts)
        {
            TelegramMetrics.Failed.WithLabels(reason).Inc();
            await SettleAsync(item, "drop", c => store.DropAsync(item, error, c)).ConfigureAwait(false);
            LogGaveUp(logger, item.DedupKey, item.ChatId, attempts, error);
            return;
        }
        var delay = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.RetryBaseDelay.Ticks * (1L << (int)Math.Min(attempts - 1, 20))));
        await SettleAsync(item, "reschedule", c => store.RescheduleAsync(item, clock.GetUtcNow() + delay, error, countAttempt: true, c)).ConfigureAwait(false);
        LogRetrying(logger, item.DedupKey, item.ChatId, attempts, delay.TotalSeconds, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: {Count} messages had an unknown outcome after the last stop and will be sent again")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram outbox: {Count} sent marks could not be written; they are written when the store answers again (their chats wait meanwhile)")]
    private static partial void LogMarkFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: recording the {Outcome} of message {Key} to chat {ChatId} failed (attempt {Attempt}: {Error}); retrying")]
    private static partial void LogSettleRetry(ILogger logger, string outcome, string key, long chatId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram outbox: the {Outcome} of message {Key} to chat {ChatId} could not be recorded; it is retried every few seconds and the chat waits until it is")]
    private static partial void LogSettleParked(ILogger logger, Exception exception, string outcome, string key, long chatId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram outbox: {Count} outcomes recorded late; their chats go on")]
    private static partial void LogSettledLate(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: {Count} leases nobody held were older than Telegram:OutboxLeaseTimeout and are due again")]
    private static partial void LogLeasesRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: recovery failed ({Parked} outcomes still unrecorded): {Error}; retrying in a few seconds")]
    private static partial void LogRecoveryFailed(ILogger logger, int parked, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: {What} for chat {ChatId} failed; the chat's next messages are handled in turn")]
    private static partial void LogFollowUpFailed(ILogger logger, Exception exception, string what, long chatId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram outbox: sending message {Key} to chat {ChatId} failed unexpectedly; its lease is recovered after Telegram:OutboxLeaseTimeout")]
    private static partial void LogSendFaulted(ILogger logger, Exception exception, string key, long chatId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: {Count} leased messages could not be put back at shutdown; the next start recovers them")]
    private static partial void LogReleaseFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: the store could not be read; retrying")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: the depth gauge could not be read")]
    private static partial void LogDepthFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram answered 429 for chat {ChatId}: every send waits {Seconds} s")]
    private static partial void LogRateLimited(ILogger logger, long chatId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat {ChatId} cannot be reached ({Description}): user marked inactive, {Dropped} queued messages dropped")]
    private static partial void LogBlocked(ILogger logger, long chatId, string description, int dropped);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram rejected the bot token (401): sending paused; check Telegram:BotToken")]
    private static partial void LogUnauthorized(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused message {Key} to chat {ChatId} ({Code} {Description}); dropped")]
    private static partial void LogDropped(ILogger logger, string key, long chatId, int code, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Key} to chat {ChatId} failed {Attempts} times ({Error}); dropped")]
    private static partial void LogGaveUp(ILogger logger, string key, long chatId, long attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {Key} to chat {ChatId} failed (attempt {Attempts}: {Error}); retry in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, string key, long chatId, long attempts, double seconds, string error);
}
