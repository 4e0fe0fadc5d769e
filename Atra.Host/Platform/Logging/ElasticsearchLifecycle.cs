using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Atra.Host.Platform.Logging;

/// <summary>
/// Installs the log indices' lifecycle at start, when <c>Elasticsearch:Url</c> is set: an ILM policy
/// (<c>{IndexPrefix}-retention</c>) whose delete phase removes an index <c>Elasticsearch:RetentionDays</c> after it
/// was created, an index template that gives every new <c>{IndexPrefix}-*</c> index that policy, and the policy on
/// the indices that already exist. Idempotent (three PUTs), retried in the background with backoff while
/// Elasticsearch is still starting, never holding up the service's start.
/// </summary>
internal sealed partial class ElasticsearchLifecycle(
    IOptions<ElasticsearchOptions> options,
    TimeProvider clock,
    ILogger<ElasticsearchLifecycle> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    /// <summary>Replaced by tests with a loopback fake's handler.</summary>
    internal HttpMessageHandler? Handler { get; init; }

    public static string PolicyName(ElasticsearchOptions o) => o.IndexPrefix + "-retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Url))
        {
            return;
        }
        using var http = Handler is null ? new HttpClient() : new HttpClient(Handler, disposeHandler: false);
        http.Timeout = o.RequestTimeout;
        if (!string.IsNullOrEmpty(o.Username))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Username}:{o.Password}")));
        }
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await InstallAsync(http, o, stoppingToken).ConfigureAwait(false);
                LogInstalled(logger, PolicyName(o), o.RetentionDays, o.IndexPrefix);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, attempt, ex.Message, delay);
            }
            try
            {
                await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }

    internal static async Task InstallAsync(HttpClient http, ElasticsearchOptions o, CancellationToken cancellationToken)
    {
        var root = new Uri(o.Url!.TrimEnd('/') + "/");
        var policy = PolicyName(o);
        await PutAsync(http, new Uri(root, $"_ilm/policy/{policy}"), new
        {
            policy = new
            {
                _meta = new { managed_by = "atra", setting = "Elasticsearch:RetentionDays" },
                phases = new Dictionary<string, object>
                {
                    ["hot"] = new { min_age = "0ms", actions = new { } },
                    ["delete"] = new { min_age = $"{o.RetentionDays}d", actions = new { delete = new { } } },
                },
            },
        }, cancellationToken).ConfigureAwait(false);
        await PutAsync(http, new Uri(root, $"_index_template/{o.IndexPrefix}"), new
        {
            index_patterns = new[] { o.IndexPrefix + "-*" },
            priority = 200,
            template = new { settings = new Dictionary<string, object> { ["index.lifecycle.name"] = policy } },
            _meta = new { managed_by = "atra" },
        }, cancellationToken).ConfigureAwait(false);
        // Indices made before the template (or before this version) get the policy too; none yet is not an error.
        await PutAsync(http, new Uri(root, $"{o.IndexPrefix}-*/_settings?allow_no_indices=true"), new Dictionary<string, object>
        {
            ["index.lifecycle.name"] = policy,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task PutAsync(HttpClient http, Uri uri, object body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(uri, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"PUT {uri.AbsolutePath} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Elasticsearch lifecycle {Policy} installed: {Prefix}-* indices are deleted {Days} days after creation")]
    private static partial void LogInstalled(ILogger logger, string policy, int days, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch lifecycle not installed yet (attempt {Attempt}: {Reason}); trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason, TimeSpan delay);
}
