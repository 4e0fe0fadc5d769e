using System.Diagnostics;
using System.Net;
using Atra.Modules.Health.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>coingecko</c> for <c>atra health</c> on its own: CoinGecko's <c>/ping</c>, the independent price reference an
/// operator compares the exchange's prices with. Not needed for signals, so a failure is a WARNING at most;
/// <c>Health:CoinGeckoUrl</c> empty turns it off. The service does not ping it on every health tick (the public API
/// allows a few calls a minute).
/// </summary>
internal sealed class PriceReferenceHealthCheck(IHttpClientFactory http, IOptions<HealthOptions> options) : IHealthCheckContributor
{
    public const string Component = "coingecko";

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (context.InService || string.IsNullOrWhiteSpace(o.CoinGeckoUrl))
        {
            return [];
        }
        var url = new Uri(new Uri(o.CoinGeckoUrl.TrimEnd('/') + "/"), "ping");
        var data = new Dictionary<string, object?> { ["url"] = url.GetLeftPart(UriPartial.Path) };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(o.ProbeTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.CreateClient(HealthModule.HttpClientName).GetAsync(url, cts.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(started);
            data["http_status"] = (int)response.StatusCode;
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 1);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, "CoinGecko is rate-limiting this address (HTTP 429)", data)];
            }
            if (!response.IsSuccessStatusCode || !body.Contains("gecko_says", StringComparison.Ordinal))
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, $"CoinGecko's ping answered HTTP {(int)response.StatusCode} without gecko_says", data)];
            }
            return [ComponentHealth.Of(Component, HealthStatus.Healthy, $"ping ok in {latency.TotalMilliseconds:0} ms", data)];
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var absent = ProbeFailure.IsNetworkAbsent(ex);
            var reason = ex is OperationCanceledException
                ? $"CoinGecko did not answer within {o.ProbeTimeout.TotalSeconds:0.#} s"
                : absent ? "CoinGecko cannot be reached from here (no network?)" : "CoinGecko is unreachable";
            return [ComponentHealth.Of(Component, absent ? HealthStatus.Unknown : HealthStatus.Warning, reason, data, ex.Message)];
        }
    }
}
