using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace Atra.Modules.Telegram.Bot;

/// <summary>Webhook mode with <c>Telegram:WebhookUrl</c> set: registers the URL and secret with setWebhook at start.</summary>
internal sealed partial class WebhookRegistrationService(TelegramBot bot, TokenScrubber scrubber, IOptions<TelegramOptions> options, ILogger<WebhookRegistrationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bot.Enabled || bot.Options.Mode != TelegramMode.Webhook)
        {
            return;
        }
        var o = options.Value;
        if (string.IsNullOrEmpty(o.WebhookUrl))
        {
            LogNoUrl(logger);
            return;
        }
        try
        {
            await bot.Client.SetWebhook(o.WebhookUrl, allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery], secretToken: o.WebhookSecret, cancellationToken: stoppingToken).ConfigureAwait(false);
            LogRegistered(logger, o.WebhookUrl);
        }
        catch (Exception ex) when (ex is global::Telegram.Bot.Exceptions.RequestException or HttpRequestException)
        {
            LogFailed(logger, scrubber.Describe(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram webhook mode without Telegram:WebhookUrl: register the webhook yourself")]
    private static partial void LogNoUrl(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram webhook registered at {Url}")]
    private static partial void LogRegistered(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram setWebhook failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
