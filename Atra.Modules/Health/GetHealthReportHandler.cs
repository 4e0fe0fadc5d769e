using Atra.Modules.Health.Contracts;
using Mediator;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health;

internal sealed class GetHealthReportHandler(HealthService health, IOptions<HealthOptions> options) : IRequestHandler<GetHealthReport, HealthReport>
{
    public async ValueTask<HealthReport> Handle(GetHealthReport request, CancellationToken cancellationToken)
    {
        // The monitor refreshes every Interval; twice that covers one slow run.
        var maxAge = request.Fresh ? TimeSpan.Zero : options.Value.Interval * 2;
        return await health.GetAsync(maxAge, HealthCheckContext.Service, cancellationToken).ConfigureAwait(false);
    }
}
