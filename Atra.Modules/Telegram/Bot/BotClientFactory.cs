using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Atra.Modules.Telegram.Bot;

/// <summary>
/// Builds the one Bot API client over the <c>telegram</c> named HttpClient, which has its request logging
/// removed: the token is in every request URL. The library's own 429 retry is off; the outbox sender obeys
/// retry_after itself so the wait holds every message, not just the one that got the answer.
/// </summary>
internal static class BotClientFactory
{
    public const string HttpClientName = "telegram";

    public static ITelegramBotClient Create(IHttpClientFactory http, IOptions<TelegramOptions> options)
    {
        var o = options.Value;
        var clientOptions = new TelegramBotClientOptions(o.BotToken!, o.BaseUrl.TrimEnd('/'))
        {
            RetryCount = 0,
        };
        return new TelegramBotClient(clientOptions, http.CreateClient(HttpClientName));
    }
}
