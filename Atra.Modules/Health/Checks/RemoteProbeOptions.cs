namespace Atra.Modules.Health.Checks;

/// <summary>
/// The few keys of other sections the remote checks need (<c>Elasticsearch:Url</c>, <c>Telegram:BotToken</c> …),
/// read here so Health does not depend on the host's logging options or the Telegram module's internals.
/// </summary>
internal sealed record RemoteProbeOptions(
    string? ElasticsearchUrl,
    string? ElasticsearchUsername,
    string? ElasticsearchPassword,
    string? TelegramBotToken,
    string TelegramBaseUrl)
{
    public const string DefaultTelegramBaseUrl = "https://api.telegram.org";

    public static RemoteProbeOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) => new(
        Blank(configuration["Elasticsearch:Url"]),
        Blank(configuration["Elasticsearch:Username"]),
        Blank(configuration["Elasticsearch:Password"]),
        Blank(configuration["Telegram:BotToken"]),
        Blank(configuration["Telegram:BaseUrl"]) ?? DefaultTelegramBaseUrl);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
