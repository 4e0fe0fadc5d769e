using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Atra.Modules.Telegram.Bot;

/// <summary>The Bot API client, built on first use; with no token the bot is off and nothing asks for it.</summary>
internal sealed class TelegramBot(IHttpClientFactory http, IOptions<TelegramOptions> options)
{
    private readonly Lazy<ITelegramBotClient> _client = new(() => options.Value.Enabled
        ? BotClientFactory.Create(http, options)
        : throw new InvalidOperationException("the Telegram bot is off (Telegram:BotToken is empty)"));

    public bool Enabled => options.Value.Enabled;

    public TelegramOptions Options => options.Value;

    public ITelegramBotClient Client => _client.Value;
}
