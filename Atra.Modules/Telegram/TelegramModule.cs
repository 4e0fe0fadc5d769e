using Atra.Modules.Shared.Retention;
using Atra.Modules.Telegram.Bot;
using Atra.Modules.Telegram.Delivery;
using Atra.Modules.Telegram.Outbox;
using Atra.Modules.Telegram.Ports;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Telegram;

/// <summary>
/// The Telegram bot: an adapter over Users, Risk and Positions (no business rules of its own), a durable outbox
/// with Telegram's rate limits, long polling or a webhook. With no <c>Telegram:BotToken</c> the bot is off.
/// </summary>
public static class TelegramModule
{
    public static IServiceCollection AddTelegramModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // The token is in every request URL: this client never logs requests.
        services.AddHttpClient(BotClientFactory.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<TelegramBot>();
        services.AddSingleton(sp => new TokenScrubber(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.BotToken));

        services.AddSingleton<OutboxWakeup>();
        services.AddSingleton<TelegramOutbox>();
        services.AddRetentionPolicy<OutboxRetention>();
        services.AddTelegramOutboxStore(configuration);
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<SignalDeliveryStore>();
        services.AddSingleton<TelegramStateStore>();
        services.AddSingleton<SignalFanout>();
        services.AddSingleton<LifecycleNotifier>();
        services.AddSingleton<UpdateDispatcher>();
        services.AddScoped<UpdateHandler>();

        // Ports onto modules that have no Contracts for this yet; the integrator may register others first.
        services.TryAddSingleton<IPositionsGateway, MediatorPositionsGateway>();
        services.TryAddSingleton<IHealthSummary, HeartbeatHealthSummary>();

        // Each worker checks at start whether it applies (bot on; polling or webhook mode).
        services.AddHostedService<OutboxSenderWorker>();
        services.AddHostedService<UpdatePollingWorker>();
        services.AddHostedService<WebhookRegistrationService>();
        return services;
    }

    /// <summary>The webhook endpoint (<c>Telegram:WebhookPath</c>), in webhook mode only.</summary>
    public static IEndpointRouteBuilder MapTelegramEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (options.Enabled && options.Mode == TelegramMode.Webhook)
        {
            WebhookEndpoints.Map(endpoints, options);
        }
        return endpoints;
    }
}
