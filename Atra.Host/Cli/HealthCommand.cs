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

        Func<Task<HealthReport>> check = health is not null
            ? () => health.RunAsync(HealthCheckContext.Command, cancellationToken)
            : () => AskAsync(http!, ready!, cancellationToken);
        var console = Console(ready);
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        var report = await check().ConfigureAwait(false);
        if (watch && !json && !System.Console.IsOutputRedirected)
        {
            // Redrawn in place (Spectre's live display rewrites the same lines), not a scrolling stream of tables.
            await console.Live(Render(report, ready)).StartAsync(async live =>
            {
                while (await WaitAsync(interval, cancellationToken).ConfigureAwait(false))
                {
                    report = await check().ConfigureAwait(false);
                    live.UpdateTarget(Render(report, ready));
                }
            }).ConfigureAwait(false);
            return (int)report.Status;
        }
        while (true)
        {
            if (json)
            {
                System.Console.Out.WriteLine(HealthReportJson.Serialize(report, indented: !watch));
                await System.Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                console.Write(Render(report, ready));
            }
            if (!watch || !await WaitAsync(interval, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
            report = await check().ConfigureAwait(false);
        }
        return (int)report.Status;
    }

    /// <summary>False when interrupted (Ctrl+C ends --watch with the last status as the exit code).</summary>
    private static async Task<bool> WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The terminal's width when there is one; 80 columns when the output goes to a file or a pipe (a container log,
    /// a ticket), so the table never depends on who ran it.
    /// </summary>
    private static IAnsiConsole Console(Uri? source)
    {
        _ = source;
        var redirected = System.Console.IsOutputRedirected;
        // A file or a pipe gets plain text: no colour codes in a log or a ticket.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = Width;
        }
        return console;
    }

    /// <summary>The width the table is laid out for when nothing says otherwise.</summary>
    internal const int Width = 80;

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

    /// <summary>
    /// Title, then one row per component: its name, its status, and its reason with the figures in human units on
    /// the line below (and the operator-only detail in grey). Three columns fit 80: the last one wraps.
    /// </summary>
    internal static Spectre.Console.Rendering.IRenderable Render(HealthReport report, Uri? source)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Atra health: {Styled(report.Status)} at {report.CheckedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC")
            .AddColumn(new TableColumn("Component").NoWrap())
            .AddColumn(new TableColumn("Status").NoWrap())
            .AddColumn("Reason and figures");
        foreach (var c in report.Components)
        {
            var text = Markup.Escape(c.Reason);
            // The detail (an exception's text, a file) is for the operator running this; public answers leave it out.
            if (c.Detail is { } detail)
            {
                text += "\n[grey]" + Markup.Escape(detail.Length > 160 ? detail[..160] + "…" : detail) + "[/]";
            }
            var figures = HealthFigures.Describe(c.Data);
            if (figures.Length > 0)
            {
                text += "\n[grey]" + Markup.Escape(figures) + "[/]";
            }
            table.AddRow(new Markup(Markup.Escape(c.Name)), new Markup(Styled(c.Status)), new Markup(text));
        }
        return source is null
            ? new Rows(table, new Markup("[grey]Checked by this process: worker heartbeats and the live feed are in the service; --url shows them.[/]"))
            : table;
    }

    private static string Styled(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "[green]HEALTHY[/]",
        HealthStatus.Warning => "[yellow]WARNING[/]",
        HealthStatus.Critical => "[red bold]CRITICAL[/]",
        _ => "[grey]UNKNOWN[/]",
    };
}
