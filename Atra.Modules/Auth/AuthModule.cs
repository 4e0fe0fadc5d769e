using System.Globalization;
using System.Threading.RateLimiting;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Shared.Retention;
using Atra.Modules.Shared.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.AddRetentionPolicy<RefreshTokenRetention>();
        services.AddSingleton<AccessTokenDenyList>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AuthService>();
        services.AddHostedService<SigningKeyStartup>();

        services.AddSingleton<AccessTokenValidator>();
        services.AddTransient<AccessTokenAuthenticationHandler>();
        services.AddAuthentication(o =>
        {
            o.AddScheme<AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, AccessTokenAuthenticationHandler.SchemeName);
            o.DefaultScheme = AccessTokenAuthenticationHandler.SchemeName;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(AuthPolicies.RoleClaim, AuthPolicies.AdminRole));
        // The framework registers its authorization services per request (transient) in case an application's handlers
        // are scoped; Atra's are claim checks without state, and building the service graph per request was a fifth of
        // an API request's allocations (trace of api-bench). A scoped handler added later fails the start in
        // Development (scope validation), rather than being captured silently.
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationService, DefaultAuthorizationService>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        services.Replace(ServiceDescriptor.Singleton<IPolicyEvaluator, PolicyEvaluator>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthorizationMiddlewareResultHandler>());

        // The 429 answer itself is the host's, one for every limit (ClientProtection).
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(AuthPolicies.AuthRateLimit, http =>
            {
                var auth = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.Of(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.RateLimitPermits, Window = auth.RateLimitWindow, QueueLimit = 0 });
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app) => AuthEndpoints.Map(app);

    /// <summary>Signs requests in from their access tokens; in the pipeline where <c>UseAuthentication()</c> would go.</summary>
    public static IApplicationBuilder UseAccessTokens(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // WebApplication adds UseAuthentication() at the head of the pipeline when a scheme is registered and the app
        // did not call it; this is the flag UseAuthentication() sets to prevent that (tested: no request reaches the
        // authentication service on its way in).
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app.UseMiddleware<AccessTokenMiddleware>();
    }

    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
}
