using System.Collections.Concurrent;
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
/// Delivers the outbox within Telegram's limits (<see cref="SendRateLimiter"/>). Outcomes: sent → marked on the
/// row; 429 → the row and the whole sender wait retry_after; 403 (blocked, deactivated) → the user is marked
/// inactive and their queue dropped; other 4xx → logged and dropped; network errors and 5xx → retried with
/// exponential backoff up to <c>Telegram:MaxSendAttempts</c>. At shutdown, sends on the wire finish and are marked.
/// </summary>
internal sealed partial class OutboxSenderWorker(
    TelegramOutbox outbox,
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
    private const int BatchSize = 256;
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bot.Enabled)
        {
            return;
        }
        var recovered = await outbox.RecoverInFlightAsync(stoppingToken).ConfigureAwait(false);
        if (recovered > 0)
        {
            LogRecovered(logger, recovered);
        }
        // A process just restarted does not know what its predecessor sent in the last second: wait out one window
        // (and one per-chat interval) before the first send, so a quick restart cannot push Telegram over its limits.
        var settle = TimeSpan.FromSeconds(1) > options.Value.PerChatInterval ? TimeSpan.FromSeconds(1) : options.Value.PerChatInterval;
        await Task.Delay(settle, clock, stoppingToken).ConfigureAwait(false);
        var batch = new Queue<OutboxItem>();
        var lastGauge = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                if (now - lastGauge >= TimeSpan.FromSeconds(1))
                {
                    TelegramMetrics.OutboxDepth.Set(await outbox.DepthAsync(stoppingToken).ConfigureAwait(false));
                    heartbeats.Beat(WorkerName);
                    lastGauge = now;
                }
                var paused = limiter.PausedUntil - now;
                if (paused > TimeSpan.Zero)
                {
                    await Task.Delay(paused, clock, stoppingToken).ConfigureAwait(false);
                    batch.Clear();
                    continue;
                }
                await limiter.AcquireGlobalAsync(stoppingToken).ConfigureAwait(false);
                var item = await NextAsync(batch, stoppingToken).ConfigureAwait(false);
                if (item is null)
                {
                    limiter.ReturnUnused();
                    await IdleAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }
                var task = SendAsync(item);
                _inFlight[item.Id] = task;
                _ = task.ContinueWith(_ => _inFlight.TryRemove(item.Id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
        }
    }

    /// <summary>The next message whose chat may receive now, claimed; null when nothing is due.</summary>
    private async Task<OutboxItem?> NextAsync(Queue<OutboxItem> batch, CancellationToken cancellationToken)
    {
        for (var refills = 0; refills < 2; refills++)
        {
            while (batch.TryDequeue(out var candidate))
            {
                if (!limiter.TryBeginChat(candidate.ChatId))
                {
                    continue;
                }
                if (await outbox.TryClaimAsync(candidate.Id, cancellationToken).ConfigureAwait(false))
                {
                    return candidate;
                }
                limiter.EndChat(candidate.ChatId, sent: false);
            }
            foreach (var due in await outbox.DueAsync(BatchSize, cancellationToken).ConfigureAwait(false))
            {
                batch.Enqueue(due);
            }
            if (batch.Count == 0)
            {
                return null;
            }
        }
        batch.Clear();
        return null;
    }

    private async Task IdleAsync(CancellationToken cancellationToken)
    {
        var wait = IdleCheck;
        var now = clock.GetUtcNow();
        if (limiter.EarliestChatReady() is { } ready && ready - now < wait)
        {
            wait = ready - now;
        }
        if (await outbox.NextDueAsync(cancellationToken).ConfigureAwait(false) is { } due && due - now < wait)
        {
            wait = due - now;
        }
        if (wait > TimeSpan.Zero)
        {
            await wakeup.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(OutboxItem item)
    {
        await Task.Yield();
        var o = options.Value;
        var sent = false;
        // Not the stopping token: a request on the wire is allowed to finish so its outcome is recorded.
        using var timeout = new CancellationTokenSource(o.ShutdownGrace + TimeSpan.FromSeconds(20));
        var ct = timeout.Token;
        try
        {
            var markup = Keyboards.FromJson(item.ReplyMarkup);
            Message message = item.Method == "edit"
                ? await bot.Client.EditMessageText(item.ChatId, (int)item.EditMessageId!.Value, item.Text, replyMarkup: markup, cancellationToken: ct).ConfigureAwait(false)
                : await bot.Client.SendMessage(item.ChatId, item.Text, replyMarkup: markup, cancellationToken: ct).ConfigureAwait(false);
            sent = true;
            await outbox.MarkSentAsync(item.Id, message.MessageId, ct).ConfigureAwait(false);
            TelegramMetrics.Sent.Inc();
        }
        catch (ApiRequestException ex)
        {
            sent = true;
            await HandleApiErrorAsync(item, ex, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestException or HttpRequestException or OperationCanceledException)
        {
            sent = true;
            await RetryLaterAsync(item, "network", scrubber.Describe(ex), ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Unexpected (a bad keyboard row, a database hiccup): keep the message, try again later.
            await RetryLaterAsync(item, "error", scrubber.Describe(ex), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            limiter.EndChat(item.ChatId, sent);
            if (sent)
            {
                limiter.ReleaseAfterWindow();
            }
            else
            {
                limiter.ReturnUnused();
            }
        }
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
                await outbox.RescheduleAsync(item.Id, until, description, countAttempt: false, ct).ConfigureAwait(false);
                await outbox.PostponeChatAsync(item.ChatId, until, ct).ConfigureAwait(false);
                LogRateLimited(logger, item.ChatId, wait.TotalSeconds);
                break;
            }
            case 403:
            {
                TelegramMetrics.Failed.WithLabels("blocked").Inc();
                await outbox.DropAsync(item.Id, description, ct).ConfigureAwait(false);
                var dropped = await outbox.DropChatAsync(item.ChatId, "chat blocked: " + description, ct).ConfigureAwait(false);
                // In a private chat the chat id is the user's Telegram id.
                var user = await mediator.Send(new GetUserByTelegramId(item.ChatId), ct).ConfigureAwait(false);
                if (user is not null)
                {
                    await mediator.Send(new DeactivateUser(user.Id, "telegram: " + description), ct).ConfigureAwait(false);
                }
                LogBlocked(logger, item.ChatId, description, dropped);
                break;
            }
            case 400 when item.Method == "edit" && description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase):
                await outbox.MarkSentAsync(item.Id, item.EditMessageId, ct).ConfigureAwait(false);
                break;
            case 401:
            {
                // The token was revoked or is wrong: keep every message for when it is fixed, and stop hammering.
                var until = clock.GetUtcNow() + options.Value.MaxRetryDelay;
                limiter.PauseAll(until);
                await outbox.RescheduleAsync(item.Id, until, description, countAttempt: false, ct).ConfigureAwait(false);
                LogUnauthorized(logger);
                break;
            }
            case >= 500:
                await RetryLaterAsync(item, "server", description, ct).ConfigureAwait(false);
                break;
            default:
                TelegramMetrics.Failed.WithLabels("bad_request").Inc();
                await outbox.DropAsync(item.Id, description, ct).ConfigureAwait(false);
                LogDropped(logger, item.DedupKey, item.ChatId, ex.ErrorCode, description);
                break;
        }
    }

    private async Task RetryLaterAsync(OutboxItem item, string reason, string error, CancellationToken ct)
    {
        var o = options.Value;
        var attempts = item.Attempts + 1;
        if (attempts >= o.MaxSendAttempts)
        {
            TelegramMetrics.Failed.WithLabels(reason).Inc();
            await outbox.DropAsync(item.Id, error, ct).ConfigureAwait(false);
            LogGaveUp(logger, item.DedupKey, item.ChatId, attempts, error);
            return;
        }
        var delay = TimeSpan.FromTicks(Math.Min(o.MaxRetryDelay.Ticks, o.RetryBaseDelay.Ticks * (1L << (int)Math.Min(attempts - 1, 20))));
        await outbox.RescheduleAsync(item.Id, clock.GetUtcNow() + delay, error, countAttempt: true, ct).ConfigureAwait(false);
        LogRetrying(logger, item.DedupKey, item.ChatId, attempts, delay.TotalSeconds, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram outbox: {Count} messages had an unknown outcome after the last stop and will be sent again")]
    private static partial void LogRecovered(ILogger logger, int count);

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
