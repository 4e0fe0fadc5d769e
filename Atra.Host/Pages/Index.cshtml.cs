using Atra.Modules.Health;
using Atra.Modules.Health.StatusPage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Atra.Host.Pages;

/// <summary>
/// The public status page at <c>/</c>: the first view is rendered here, then <c>wwwroot/js/status.js</c> keeps it
/// current from <c>/status/summary</c> and draws the charts. Broadcast signals only: no user's data.
/// </summary>
internal sealed class IndexModel(HealthService health, StatusReadModel signals, IStatusCandleSource candles, IOptions<HealthOptions> options) : PageModel
{
    public StatusEndpoints.SummaryAnswer Summary { get; private set; } = null!;

    public string Overall => Summary.Health["status"]?.GetValue<string>() ?? "UNKNOWN";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Summary = await StatusEndpoints.SummaryAsync(health, signals, candles, options.Value, cancellationToken).ConfigureAwait(false);
    }
}
