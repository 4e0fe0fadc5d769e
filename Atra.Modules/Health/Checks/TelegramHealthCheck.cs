using System.Net;
using System.Text.Json;
using Atra.Modules.Health.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>telegram</c>, only when <c>Telegram:BotToken</c> is set: Bot API <c>getMe</c> within
/// <c>Health:ProbeTimeout</c>. Subscribers receive signals only through the bot, so a rejected token or an
/// unreachable API is CRITICAL; run by <c>atra health</c> on its own, no network (no route, no name, no answer) is
/// UNKNOWN (ProbeFailure). The token is part of the URL: no URL or raw exception text leaves this class
/// without the token scrubbed, and the HTTP client has its request logging removed.
/// </summary>
internal sealed class TelegramHealthCheck(IHttpClientFactory http, RemoteProbeOptions remote, IOptions<HealthOptions> options) : IHealthCheckContributor
{
    public const string Component = "telegram";

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (remote.TelegramBotToken is not { } token)
        {
            return [];
        }
        var data = new Dictionary<string, object?>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            var uri = new Uri($"{remote.TelegramBaseUrl.TrimEnd('/')}/bot{token}/getMe");
            using var response = await http.CreateClient(HealthModule.HttpClientName).GetAsync(uri, cts.Token).ConfigureAwait(false);
            data["http_status"] = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Critical, "Telegram rejected the bot token (401 Unauthorized): check Telegram:BotToken", data)];
            }
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false), cancellationToken: cts.Token).ConfigureAwait(false);
            var root = json.RootElement;
            if (response.IsSuccessStatusCode && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True
                && root.TryGetProperty("result", out var bot))
            {
                var username = bot.TryGetProperty("username", out var u) ? u.GetString() : null;
                data["bot_username"] = username;
                return [ComponentHealth.Of(Component, HealthStatus.Healthy, $"getMe ok: @{username}", data)];
            }
            var description = root.TryGetProperty("description", out var d) ? d.GetString() : null;
            return [ComponentHealth.Of(Component, HealthStatus.Critical, $"getMe failed: HTTP {(int)response.StatusCode}", data, Scrub(description ?? "", token))];
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return [ComponentHealth.Of(Component, ProbeFailure.StatusFor(ex, context), $"Telegram did not answer getMe within {options.Value.ProbeTimeout.TotalSeconds:0.#} s", data)];
        }
        catch (HttpRequestException ex) when (ProbeFailure.StatusFor(ex, context) == HealthStatus.Unknown)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Unknown, "Telegram cannot be reached from here (no network?)", data, Scrub(ex.Message, token))];
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or UriFormatException)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Critical, "Telegram is unreachable", data, Scrub(ex.Message, token))];
        }
    }

    private static string Scrub(string text, string token) => text.Replace(token, "***", StringComparison.Ordinal);
}
