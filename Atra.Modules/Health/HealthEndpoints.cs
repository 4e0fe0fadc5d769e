using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health;

/// <summary>
/// <c>/health/ready</c>: every check, JSON; 200 for HEALTHY or WARNING, 503 for CRITICAL or UNKNOWN. Public, so the
/// report's public form (no exception text, no file paths: <see cref="HealthReport.ForPublic"/>) and the public pages'
/// per-address rate limit; <c>atra health</c> on the machine shows the detail.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/ready", async (HealthService health, IOptions<HealthOptions> options, HttpContext http, CancellationToken ct) =>
            {
                var report = await health.GetAsync(options.Value.ReadyCacheFor, HealthCheckContext.Service, ct).ConfigureAwait(false);
                http.Response.Headers.CacheControl = "no-store";
                return Results.Text(
                    HealthReportJson.Serialize(report.ForPublic(), indented: false),
                    "application/json",
                    System.Text.Encoding.UTF8,
                    StatusCodeFor(report.Status));
            })
            .WithName("Readiness")
            .WithTags("health")
            .AllowAnonymous()
            .RequireRateLimiting(PublicEndpoints.RateLimitPolicy);
        return app;
    }

    public static int StatusCodeFor(HealthStatus status) =>
        status is HealthStatus.Healthy or HealthStatus.Warning ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
}
