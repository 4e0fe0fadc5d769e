using Microsoft.Extensions.Options;

namespace Atra.Modules.Telegram;

/// <summary>Fails the start with messages naming the key; a disabled bot (no token) needs nothing else.</summary>
internal sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Enabled)
        {
            // Bot API tokens are "<bot id>:<secret>"; anything else is a paste error, not a token.
            var token = options.BotToken!;
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == token.Length - 1 || !long.TryParse(token.AsSpan(0, colon), out _) || token.Any(char.IsWhiteSpace))
            {
                errors.Add("Telegram:BotToken must look like '<bot id>:<secret>' (as BotFather gives it)");
            }
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add("Telegram:BaseUrl must be an absolute http(s) URL");
            }
            else if (baseUri.Scheme == Uri.UriSchemeHttp && !baseUri.IsLoopback)
            {
                // The bot token is part of every Bot API URL: over plain HTTP anyone on the path reads it and owns the bot.
                errors.Add("Telegram:BaseUrl must use https: the bot token is part of every request's URL (http only for a Bot API server on this machine: localhost, 127.0.0.1, ::1)");
            }
            if (options.Mode == TelegramMode.Webhook)
            {
                // Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -; short secrets are guessable.
                var secret = options.WebhookSecret ?? "";
                if (secret.Length < 16 || secret.Length > 256 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                {
                    errors.Add("Telegram:WebhookSecret must be 16-256 characters of A-Z, a-z, 0-9, '_' or '-' in Webhook mode");
                }
                if (!string.IsNullOrEmpty(options.WebhookUrl) && !Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out _))
                {
                    errors.Add("Telegram:WebhookUrl must be an absolute URL");
                }
            }
        }
        if (!options.WebhookPath.StartsWith('/'))
        {
            errors.Add("Telegram:WebhookPath must start with '/'");
        }
        if (options.PollingTimeout < TimeSpan.Zero || options.PollingTimeout > TimeSpan.FromSeconds(50))
        {
            errors.Add("Telegram:PollingTimeout must be between 00:00:00 and 00:00:50");
        }
        if (options.GlobalRatePerSecond is < 1 or > 1000)
        {
            errors.Add("Telegram:GlobalRatePerSecond must be between 1 and 1000");
        }
        if (options.PerChatInterval < TimeSpan.Zero || options.PerChatInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Telegram:PerChatInterval must be between 00:00:00 and 00:01:00");
        }
        if (options.MaxSendAttempts < 1)
        {
            errors.Add("Telegram:MaxSendAttempts must be at least 1");
        }
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            errors.Add("Telegram:RetryBaseDelay must be positive and Telegram:MaxRetryDelay at least as long");
        }
        if (options.OutboxClaimAfter < TimeSpan.FromSeconds(10))
        {
            errors.Add("Telegram:OutboxClaimAfter must be at least 00:00:10");
        }
        if (options.OutboxLeaseTimeout < TimeSpan.FromMinutes(1) || options.OutboxLeaseTimeout <= options.ShutdownGrace + TimeSpan.FromSeconds(30))
        {
            errors.Add("Telegram:OutboxLeaseTimeout must be at least 00:01:00 and longer than Telegram:ShutdownGrace plus 30 s (the longest a send may take)");
        }
        if (options.OutboxKeyRetention < TimeSpan.FromHours(1))
        {
            errors.Add("Telegram:OutboxKeyRetention must be at least 01:00:00");
        }
        for (var i = 0; i < options.Channels.Length; i++)
        {
            // Channel and group ids are negative; a positive id is a user, who gets personal messages anyway.
            if (options.Channels[i] >= 0)
            {
                errors.Add($"Telegram:Channels:{i} must be a channel's numeric chat id (negative, like -1001234567890)");
            }
        }
        if (options.ChannelLanguage is not ("en" or "ru"))
        {
            errors.Add("Telegram:ChannelLanguage must be 'en' or 'ru'");
        }
        if (options.ChannelPostInterval <= TimeSpan.Zero || options.ChannelPostInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Telegram:ChannelPostInterval must be between 00:00:00 (exclusive) and 00:01:00 (Telegram allows 20 posts a minute: 00:00:03)");
        }
        if (options.PaidBroadcastDailyStars < 0)
        {
            errors.Add("Telegram:PaidBroadcastDailyStars must be 0 (off) or a positive number of Stars per day");
        }
        if (options.PaidBroadcastRatePerSecond is < 1 or > 1000)
        {
            errors.Add("Telegram:PaidBroadcastRatePerSecond must be between 1 and 1000");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
