using System.Globalization;
using Atra.Modules.Shared.Workers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Atra.Modules.Telegram.Bot;

/// <summary>
/// Long polling (the default mode): getUpdates held open up to <c>Telegram:PollingTimeout</c>, each update handled
/// in turn, the offset saved after each, so a restart resumes after the last handled update. A failing update is
/// logged and skipped (a poison update must not stop the bot); a failing getUpdates backs off up to 30 s, and a
/// failing database (reading or saving the offset) is logged and retried with a back-off: the bot never stops.
/// </summary>
internal sealed partial class UpdatePollingWorker(
    TelegramBot bot,
    UpdateDispatcher dispatcher,
    TelegramStateStore state,
    TokenScrubber scrubber,
    IWorkerHeartbeats heartbeats,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<UpdatePollingWorker> logger) : BackgroundService
{
    public const string WorkerName = "TelegramPollingWorker";
    private const string OffsetKey = "polling_offset";
    private static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bot.Enabled || bot.Options.Mode != TelegramMode.Polling)
        {
            return;
        }
        var failures = 0;
        string? savedText;
        try
        {
            savedText = await WorkerRetry.UntilDoneAsync(WorkerName, "reading the saved offset", ct => state.GetAsync(OffsetKey, ct), logger, clock, stoppingToken, heartbeats, scrubber.Describe).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        var offset = int.TryParse(savedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var saved) ? saved : 0;
        var storeFailures = 0;
        var webhookCleared = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!webhookCleared)
                {
                    // getUpdates is refused while a webhook is set; polling mode owns the updates.
                    await bot.Client.DeleteWebhook(cancellationToken: stoppingToken).ConfigureAwait(false);
                    webhookCleared = true;
                }
                var updates = await bot.Client.GetUpdates(offset, 100, (int)options.Value.PollingTimeout.TotalSeconds, Wanted, stoppingToken).ConfigureAwait(false);
                heartbeats.Beat(WorkerName);
                failures = 0;
                foreach (var update in updates)
                {
                    await dispatcher.DispatchAsync(update, stoppingToken).ConfigureAwait(false);
                    offset = update.Id + 1;
                    // The offset in memory is what the next getUpdates asks from; saving it only serves a restart.
                    await state.SetAsync(OffsetKey, offset.ToString(CultureInfo.InvariantCulture), stoppingToken).ConfigureAwait(false);
                }
                storeFailures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RequestException or HttpRequestException or OperationCanceledException)
            {
                failures++;
                var error = scrubber.Describe(ex);
                heartbeats.Fail(WorkerName, error);
                var delay = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures - 1, 5)));
                LogPollFailed(logger, error, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database (saving the offset): logged, backed off; polling goes on from the offset in memory.
                var delay = WorkerRetry.Failed(WorkerName, "saving the polling offset", ex, storeFailures++, logger, heartbeats, scrubber.Describe);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram getUpdates failed ({Error}); retry in {Seconds} s")]
    private static partial void LogPollFailed(ILogger logger, string error, double seconds);
}
