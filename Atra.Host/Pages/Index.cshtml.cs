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
internal sealed class IndexModel(HealthService health, StatusReadModel signals, IStatusCandleSource candles, IOptions<HealthOptions> options, IWebHostEnvironment environment) : PageModel
{
    /// <summary>The chart library, as the build copies it from npm; absent when the build had no npm (Atra.Host.csproj).</summary>
    public const string ChartLibrary = "lib/lightweight-charts/lightweight-charts.standalone.production.js";

    public const string NoChartNote = "No chart: this build was made without npm, which brings the chart library (apt-get install -y npm, then build again).";

    public StatusEndpoints.SummaryAnswer Summary { get; private set; } = null!;

    /// <summary>Whether this build has the chart library; without it the page shows everything but the charts.</summary>
    public bool HasChart => environment.WebRootFileProvider.GetFileInfo(ChartLibrary).Exists;

    public string Overall => Summary.Health["status"]?.GetValue<string>() ?? "UNKNOWN";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Summary = await StatusEndpoints.SummaryAsync(health, signals, candles, options.Value, cancellationToken).ConfigureAwait(false);
    }
}
