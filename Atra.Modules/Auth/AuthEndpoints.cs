using System.Globalization;
using System.Security.Claims;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Http;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Atra.Modules.Auth;

/// <summary><c>/api/auth</c>: login, refresh, logout, me. Token answers are never cached (RFC 6749 §5.1).</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("auth")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // The per-address rate limit guards the anonymous doors (password guessing, token spraying); an
        // authenticated caller is already known and limited by their token's life.
        group.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthPolicies.AuthRateLimit).WithName("Login")
            .WithSummary("Exchange a username and password for an access token and a refresh token")
            .WithDescription("5 failed logins from one address lock that address out of the username for 30 minutes (429 with Retry-After); "
                + "past 5 failures from all addresses, every attempt for the username is answered after a delay that doubles per failure, up to 10 s.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(AuthPolicies.AuthRateLimit).WithName("Refresh")
            .WithSummary("Exchange a refresh token for a new pair; the old refresh token stops working")
            .WithDescription("Presenting a refresh token that was already exchanged revokes all tokens descended from the same login.");
        group.MapPost("/logout", LogoutAsync).RequireUser().WithName("Logout")
            .WithSummary("Revoke the access token and, when given, the refresh token's session");
        group.MapGet("/me", MeAsync).RequireUser().WithName("Me").WithSummary("Who the access token belongs to");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(LoginRequest request, AuthService auth, HttpContext http, CancellationToken ct)
    {
        var (tokens, retryAfter) = await auth.LoginAsync(request, ClientAddress.Of(http), ct).ConfigureAwait(false);
        if (retryAfter is { } wait)
        {
            // The same answer for a locked username that exists and one that does not.
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed logins",
                detail: "Too many failed logins for this username; try again later.");
        }
        NoStore(http);
        return TypedResults.Ok(tokens!);
    }

    private static async Task<Ok<TokenResponse>> RefreshAsync(RefreshRequest request, AuthService auth, HttpContext http, CancellationToken ct)
    {
        var tokens = await auth.RefreshAsync(request, ct).ConfigureAwait(false);
        NoStore(http);
        return TypedResults.Ok(tokens);
    }

    private static async Task<NoContent> LogoutAsync(LogoutRequest? request, ClaimsPrincipal principal, AuthService auth, CancellationToken ct)
    {
        var jti = principal.FindFirst(AuthPolicies.TokenIdClaim)?.Value ?? throw new AtraProblem(401, "Unauthorized", "The access token has no id.");
        var exp = long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds * 1000 : long.MaxValue;
        await auth.LogoutAsync(principal.GetUserId(), jti, exp, request, ct).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeResponse>> MeAsync(ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        var user = await mediator.Send(new GetUserById(principal.GetUserId()), ct).ConfigureAwait(false) ?? throw AtraProblem.NotFound("Your user");
        var exp = long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        return TypedResults.Ok(new MeResponse(user.Id, user.Username, user.TelegramId,
            user.IsAdmin ? AuthPolicies.AdminRole : AuthPolicies.UserRole, user.IsActive, DateTimeOffset.FromUnixTimeSeconds(exp)));
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }
}
