using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Atra.Modules.Health.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>elasticsearch</c>, only when <c>Elasticsearch:Url</c> is set: <c>GET _cluster/health</c> within
/// <c>Health:ProbeTimeout</c>. Elasticsearch only receives logs (buffered, then dropped when it stays away) and
/// no signal depends on it, so unreachable or red is a WARNING, not CRITICAL. Yellow (replicas unassigned) is
/// what a single node always reports, so it counts as healthy.
/// </summary>
internal sealed class ElasticsearchHealthCheck(IHttpClientFactory http, RemoteProbeOptions remote, IOptions<HealthOptions> options) : IHealthCheckContributor
{
    public const string Component = "elasticsearch";

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (remote.ElasticsearchUrl is not { } url)
        {
            return [];
        }
        var data = new Dictionary<string, object?> { ["url"] = WithoutCredentials(url) };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(url.TrimEnd('/') + "/"), "_cluster/health"));
            if (remote.ElasticsearchUsername is { } user)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{remote.ElasticsearchPassword}")));
            }
            using var response = await http.CreateClient(HealthModule.HttpClientName).SendAsync(request, cts.Token).ConfigureAwait(false);
            data["http_status"] = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, $"Elasticsearch refused the credentials (HTTP {(int)response.StatusCode}): logs are not shipped", data)];
            }
            if (!response.IsSuccessStatusCode)
            {
                return [ComponentHealth.Of(Component, HealthStatus.Warning, $"Elasticsearch answered HTTP {(int)response.StatusCode}: logs are buffered", data)];
            }
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false), cancellationToken: cts.Token).ConfigureAwait(false);
            var root = json.RootElement;
            var cluster = root.TryGetProperty("status", out var s) ? s.GetString() : null;
            data["cluster_status"] = cluster;
            data["cluster_name"] = root.TryGetProperty("cluster_name", out var n) ? n.GetString() : null;
            data["number_of_nodes"] = root.TryGetProperty("number_of_nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Number ? nodes.GetInt32() : null;
            data["unassigned_shards"] = root.TryGetProperty("unassigned_shards", out var un) && un.ValueKind == JsonValueKind.Number ? un.GetInt32() : null;
            return cluster switch
            {
                "green" => [ComponentHealth.Of(Component, HealthStatus.Healthy, "cluster green", data)],
                "yellow" => [ComponentHealth.Of(Component, HealthStatus.Healthy, "cluster yellow: replicas unassigned (normal for one node)", data)],
                "red" => [ComponentHealth.Of(Component, HealthStatus.Warning, "cluster red: some log indices are unavailable", data)],
                _ => [ComponentHealth.Of(Component, HealthStatus.Warning, $"unexpected cluster status '{cluster}'", data)],
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Warning, $"Elasticsearch did not answer within {options.Value.ProbeTimeout.TotalSeconds:0.#} s: logs are buffered", data)];
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or UriFormatException)
        {
            return [ComponentHealth.Of(Component, HealthStatus.Warning, "Elasticsearch is unreachable: logs are buffered", data, ex.Message)];
        }
    }

    /// <summary>The report is public (<c>/health/ready</c>): a URL with user info must not carry it there.</summary>
    private static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString() : "(not a URL)";
}
