using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Atra.Modules.Health.Contracts;
using Atra.Modules.MarketData.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>exchange_&lt;name&gt;</c> for <c>atra health</c> on its own (the service reports its live feed instead): asks the
/// server-time endpoint of <c>Market:Source</c> within <c>Health:ProbeTimeout</c> and grades the answer: latency
/// against the exchange thresholds, the clock skew (signals are stamped with this host's clock), 429/418 as rate
/// limiting or a ban. A replay asks nothing and says so.
/// </summary>
internal sealed class ExchangeRestProbeCheck(IExchangeEndpoints endpoints, IHttpClientFactory http, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheckContributor
{
    /// <summary>Skew beyond which candle times and signal stamps disagree noticeably: a warning to fix NTP.</summary>
    internal static readonly TimeSpan SkewWarning = TimeSpan.FromSeconds(2);

    public string Name => "exchange_rest";

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (context.InService)
        {
            return [];
        }
        var targets = endpoints.TimeEndpoints;
        if (targets.Count == 0)
        {
            return [ComponentHealth.Of("exchange_" + endpoints.Source.ToLowerInvariant(), HealthStatus.Healthy,
                $"Market:Source is {endpoints.Source}: no exchange is asked")];
        }
        var results = await Task.WhenAll(targets.Select(t => ProbeAsync(t, context, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    private async Task<ComponentHealth> ProbeAsync(ExchangeTimeEndpoint target, HealthCheckContext context, CancellationToken cancellationToken)
    {
        var name = "exchange_" + target.Exchange.ToLowerInvariant();
        var o = options.Value;
        var data = new Dictionary<string, object?> { ["url"] = target.Url.GetLeftPart(UriPartial.Path) };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(o.ProbeTimeout);
        var started = Stopwatch.GetTimestamp();
        var sentAt = clock.GetUtcNow();
        try
        {
            using var response = await http.CreateClient(HealthModule.HttpClientName).GetAsync(target.Url, cts.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(started);
            data["http_status"] = (int)response.StatusCode;
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 1);
            if (response.StatusCode is HttpStatusCode.TooManyRequests)
            {
                return ComponentHealth.Of(name, HealthStatus.Warning, $"{target.Exchange} is rate-limiting this address (HTTP 429)", data);
            }
            if ((int)response.StatusCode == 418)
            {
                return ComponentHealth.Of(name, HealthStatus.Critical, $"{target.Exchange} has banned this address for ignoring 429s (HTTP 418)", data);
            }
            if (!response.IsSuccessStatusCode)
            {
                return ComponentHealth.Of(name, HealthStatus.Critical, $"{target.Exchange} answered HTTP {(int)response.StatusCode}", data, Truncate(body));
            }
            var problems = new List<string>();
            var status = HealthStatus.Healthy;
            if (ServerTime(body, target.TimeField) is { } serverTime)
            {
                // The server stamped its time somewhere within the round trip: compare with its middle.
                var skew = serverTime - (sentAt + latency / 2);
                data["clock_skew_ms"] = Math.Round(skew.TotalMilliseconds, 0);
                if (skew.Duration() >= SkewWarning)
                {
                    status = HealthStatus.Warning;
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"this host's clock is {skew.TotalSeconds:+0.0;-0.0} s off {target.Exchange}'s (check NTP)"));
                }
            }
            else
            {
                status = HealthStatus.Warning;
                problems.Add($"the answer has no '{target.TimeField}'");
            }
            if (latency >= o.ExchangeLatencyCritical)
            {
                status = HealthStatus.Critical;
                problems.Add($"latency {latency.TotalMilliseconds:0} ms (critical)");
            }
            else if (latency >= o.ExchangeLatencyWarning)
            {
                status = status.Worst(HealthStatus.Warning);
                problems.Add($"latency {latency.TotalMilliseconds:0} ms (warning)");
            }
            var reason = problems.Count > 0 ? string.Join("; ", problems) : $"REST reachable in {latency.TotalMilliseconds:0} ms";
            return ComponentHealth.Of(name, status, reason, data);
        }
        catch (Exception ex) when ((ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)))
        {
            var status = ProbeFailure.StatusFor(ex, context);
            var reason = ex is OperationCanceledException
                ? $"{target.Exchange} did not answer within {o.ProbeTimeout.TotalSeconds:0.#} s"
                : status == HealthStatus.Unknown ? $"{target.Exchange} cannot be reached from here (no network?)" : $"{target.Exchange} is unreachable";
            return ComponentHealth.Of(name, status, reason, data, ex.Message);
        }
    }

    private static DateTimeOffset? ServerTime(string body, string field)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(field, out var value)
                && (value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out var ms) : long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ms)))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a captive portal's page): no time.
        }
        return null;
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
