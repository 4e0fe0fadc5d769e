using System.Globalization;
using System.Threading.RateLimiting;
using Atra.Modules.Shared.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Atra.Host.Platform.Api;

/// <summary>
/// Who the client is and how much it may ask: forwarded headers believed only from <c>Http:TrustedProxies</c>, the
/// per-address limit of the public pages, and one 429 problem for every rate limit (the auth endpoints' policy is
/// the Auth module's).
/// </summary>
internal static class ClientProtection
{
    public static IServiceCollection AddClientProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the setting names.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in http.Value.TrustedProxies)
            {
                if (HttpOptionsValidator.TryParseProxy(entry, out var address, out var network))
                {
                    if (address is not null)
                    {
                        forwarded.KnownProxies.Add(address);
                    }
                    else
                    {
                        forwarded.KnownIPNetworks.Add(network!.Value);
                    }
                }
            }
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicEndpoints.RateLimitPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.Of(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PublicRateLimitPermits, Window = limits.PublicRateLimitWindow, QueueLimit = 0 });
            });
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "Too many requests from this address; try again later.",
                    },
                }).ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>First in the pipeline: every later middleware (logging, limits, lockout) sees the real client.</summary>
    public static IApplicationBuilder UseTrustedProxies(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value;
        return http.TrustedProxies.Count == 0 ? app : app.UseForwardedHeaders();
    }
}
