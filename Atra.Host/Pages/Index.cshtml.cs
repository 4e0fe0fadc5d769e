using Atra.Modules.Health;
using Atra.Modules.Health.StatusPage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Atra.Host.Pages;

/// <summary>
/// The public status page at <c>/</c>: the first view is rendered here, then <c>wwwroot/js/status.js</c> keeps it
/// current from <c>/status/summary</c> and draws the charts. Broadcast signals only: no user's data.
/// </summary>
internal sealed class IndexModel(HealthService health, StatusReadModel signals, IStatusCandleSource candles, Mediator.IMediator mediator, IOptions<HealthOptions> options, IWebHostEnvironment environment) : PageModel
{
    /// <summary>The chart library, as the build copies it from npm; absent when the build had no npm (Atra.Host.csproj).</summary>
    public const string ChartLibrary = "lib/lightweight-charts/lightweight-charts.standalone.production.js";

    public const string NoChartNote = "No chart: this build was made without npm, which brings the chart library (apt-get install -y npm, then build again).";

    public StatusEndpoints.SummaryAnswer Summary { get; private set; } = null!;

    /// <summary>Whether this build has the chart library; without it the page shows everything but the charts.</summary>
    public bool HasChart => environment.WebRootFileProvider.GetFileInfo(ChartLibrary).Exists;

    public string Overall => Summary.Health["status"]?.GetValue<string>() ?? "UNKNOWN";

    /// <summary>
    /// The page runs only its own scripts (status.js and the chart library, no inline script, no eval), fetches only
    /// its own JSON, and is never framed: an injected script has nowhere to come from, and no other site can overlay
    /// the page to trick a click. Inline styles are allowed: the chart library sets them on the elements it draws
    /// (the browser test sees the violation otherwise), and a public page without secrets loses nothing to CSS.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var headers = Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        Summary = await StatusEndpoints.SummaryAsync(health, signals, candles, mediator, options.Value, cancellationToken).ConfigureAwait(false);
    }
}
