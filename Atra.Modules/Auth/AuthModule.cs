using System.Globalization;
using System.Threading.RateLimiting;
using Atra.Modules.Auth.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Atra.Modules.Auth;

/// <summary>
/// Authentication (JWT bearer access tokens, rotating refresh tokens), authorization policies, login lockout and
/// per-address rate limits; owns the <c>refresh_tokens</c> and <c>revoked_access_tokens</c> tables.
/// </summary>
public static class AuthModule
{
    public static IServiceCollection AddAuthModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<AccessTokenDenyList>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AuthService>();
        services.AddHostedService<SigningKeyStartup>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyStore, IOptions<JwtOptions>, TimeProvider>(ConfigureBearer);
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(AuthPolicies.RoleClaim, AuthPolicies.AdminRole));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AuthPolicies.AuthRateLimit, http =>
            {
                var auth = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.RateLimitPermits, Window = auth.RateLimitWindow, QueueLimit = 0 });
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
                        Detail = "Too many requests to the auth endpoints from this address; try again later.",
                    },
                }).ConfigureAwait(false);
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app) => AuthEndpoints.Map(app);

    private static void ConfigureBearer(JwtBearerOptions o, SigningKeyStore keys, IOptions<JwtOptions> jwt, TimeProvider clock)
    {
        var options = jwt.Value;
        o.MapInboundClaims = false;
        // Nothing reads the raw token back from the authentication properties (logout takes jti and expiry from the
        // claims); storing it cost a dictionary and ~5 % of a cached-page request's CPU (dotnet-trace, api-bench).
        o.SaveToken = false;
        o.TimeProvider = clock;
        o.TokenHandlers.Clear();
        o.TokenHandlers.Add(new CachingJsonWebTokenHandler(clock) { MapInboundClaims = false });
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = keys.Key,
            // Only HS256: "none" and every other algorithm (RS/HS confusion included) are refused.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
            NameClaimType = AuthPolicies.SubjectClaim,
            RoleClaimType = AuthPolicies.RoleClaim,
            // The clock is the injected TimeProvider (as everywhere in Atra), not the library's DateTime.UtcNow.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } e && now < e && (notBefore is not { } nb || nb <= now);
            },
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var jti = context.Principal?.FindFirst(AuthPolicies.TokenIdClaim)?.Value;
                var denyList = context.HttpContext.RequestServices.GetRequiredService<AccessTokenDenyList>();
                if (string.IsNullOrEmpty(jti) || await denyList.IsDeniedAsync(jti, context.HttpContext.RequestAborted).ConfigureAwait(false))
                {
                    context.Fail("The access token was revoked.");
                }
            },
        };
    }
}
