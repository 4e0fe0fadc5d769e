using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Atra.Host.Platform;
using Atra.Modules.Health;
using Atra.Modules.Health.Contracts;
using Spectre.Console;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra health [--json] [--watch] [--interval S] [--url URL]</c>: runs every check in this process against the
/// same settings as the service (or asks a running service's <c>/health/ready</c> with <c>--url</c>) and exits
/// with the status: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, so a container HEALTHCHECK can use it.
/// Heartbeats and exchange status live in the service's memory: only <c>--url</c> shows them.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON document (with --watch, one per line)" };
        var watch = new Option<bool>("--watch") { Description = "Check again every --interval seconds until interrupted" };
        var interval = new Option<int>("--interval") { Description = "Seconds between checks with --watch", DefaultValueFactory = _ => 5 };
        var url = new Option<string?>("--url") { Description = "Ask a running service instead, e.g. http://127.0.0.1:8080 (its /health/ready)" };
        var command = new Command("health", "Check every component once (or repeatedly); exit 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN")
        {
            json,
            watch,
            interval,
            url,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, result.GetValue(json), result.GetValue(watch), result.GetValue(interval), result.GetValue(url), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, bool json, bool watch, int intervalSeconds, string? url, CancellationToken cancellationToken)
    {
        if (intervalSeconds < 1)
        {
            throw new UsageException("--interval must be at least 1 second");
        }
        Uri? ready = null;
        if (url is not null)
        {
            ready = ReadyUri(url);
        }
        var hostArgs = CliRunner.HostArguments(result);

        using var host = ready is null ? AtraHost.BuildCommandHost(hostArgs) : null;
        using var http = ready is null ? null : new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var health = host?.Services.GetRequiredService<HealthService>();

        HealthReport report;
        while (true)
        {
            report = health is not null
                ? await health.RunAsync(HealthCheckContext.Command, cancellationToken).ConfigureAwait(false)
                : await AskAsync(http!, ready!, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                Console.Out.WriteLine(HealthReportJson.Serialize(report, indented: !watch));
                await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (watch && !Console.IsOutputRedirected)
                {
                    AnsiConsole.Clear();
                }
                Render(report, ready);
            }
            if (!watch)
            {
                break;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(intervalSeconds), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (int)report.Status;
    }

    /// <summary><c>--url http://host:8080</c> and <c>--url http://host:8080/health/ready</c> both work.</summary>
    private static Uri ReadyUri(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url '{url}' is not an http(s) address, e.g. http://127.0.0.1:8080");
        }
        return uri.AbsolutePath.TrimEnd('/').EndsWith("/health/ready", StringComparison.OrdinalIgnoreCase)
            ? uri
            : new Uri(uri, uri.AbsolutePath.TrimEnd('/') + "/health/ready");
    }

    /// <summary>A service that cannot be asked is CRITICAL: that is what a container health probe must see.</summary>
    private static async Task<HealthReport> AskAsync(HttpClient http, Uri ready, CancellationToken cancellationToken)
    {
        try
        {
            // /health/ready answers 503 with the same JSON body when the service is critical.
            using var response = await http.GetAsync(ready, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return HealthReportJson.Parse(body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            var reason = ex is JsonException or KeyNotFoundException or InvalidOperationException
                ? $"{ready} did not answer a health report: {ex.Message}"
                : $"{ready} is unreachable: {ex.Message}";
            return new HealthReport(HealthStatus.Critical, DateTimeOffset.UtcNow, [ComponentHealth.Of("service", HealthStatus.Critical, reason)]);
        }
    }

    private static void Render(HealthReport report, Uri? source)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Atra health: {Styled(report.Status)} at {report.CheckedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC")
            .AddColumn("Component")
            .AddColumn("Status")
            .AddColumn("Reason")
            .AddColumn("Figures");
        foreach (var c in report.Components)
        {
            table.AddRow(
                new Markup(Markup.Escape(c.Name)),
                new Markup(Styled(c.Status)),
                // The detail (an exception's text, a file) is for the operator running this; public answers leave it out.
                new Markup(Markup.Escape(c.Reason) + (c.Detail is { } detail ? " [grey](" + Markup.Escape(detail) + ")[/]" : "")),
                new Markup("[grey]" + Markup.Escape(Figures(c.Data)) + "[/]"));
        }
        AnsiConsole.Write(table);
        if (source is null)
        {
            AnsiConsole.MarkupLine("[grey]Checked by this process: worker heartbeats and exchange status live in the service; use --url to see them.[/]");
        }
    }

    private static string Styled(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "[green]HEALTHY[/]",
        HealthStatus.Warning => "[yellow]WARNING[/]",
        HealthStatus.Critical => "[red bold]CRITICAL[/]",
        _ => "[grey]UNKNOWN[/]",
    };

    private static string Figures(IReadOnlyDictionary<string, object?> data) =>
        string.Join(", ", data.Where(kv => kv.Value is not null and not IDictionary<string, object?> && !(kv.Value is JsonElement e && e.ValueKind is JsonValueKind.Object or JsonValueKind.Null))
            .Take(8)
            .Select(kv => $"{kv.Key}={Format(kv.Value)}"));

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? string.Empty,
    };
}
