using Microsoft.AspNetCore.Http;

namespace Atra.Modules.Auth;

/// <summary>
/// Signs a request in from its access token: <c>HttpContext.User</c> becomes the token's user when
/// <see cref="AccessTokenValidator"/> accepts it, and stays anonymous otherwise, so authorization then challenges
/// (401) or forbids (403) through <see cref="AccessTokenAuthenticationHandler"/>. It takes the place of
/// <c>UseAuthentication()</c>, which reaches the same validator through a scoped authentication service, a scoped
/// handler provider, a handler per request and their tasks and dictionaries: ~23 % of the allocations of an API
/// request in a trace of api-bench, on a path every authenticated request takes. Atra has a single scheme and no
/// remote sign-in, which is all that middleware adds.
/// </summary>
internal sealed class AccessTokenMiddleware(RequestDelegate next, AccessTokenValidator validator)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!AccessTokenAuthenticationHandler.TryReadToken(context.Request.Headers.Authorization, out var token))
        {
            return next(context);
        }
        var verdict = validator.AuthenticateAsync(token, context.RequestAborted);
        if (verdict.IsCompletedSuccessfully)
        {
            SignIn(context, verdict.Result);
            return next(context);
        }
        return SignInThenNextAsync(context, verdict);
    }

    private async Task SignInThenNextAsync(HttpContext context, ValueTask<TokenVerdict> verdict)
    {
        SignIn(context, await verdict.ConfigureAwait(false));
        await next(context).ConfigureAwait(false);
    }

    private static void SignIn(HttpContext context, TokenVerdict verdict)
    {
        if (verdict.Principal is { } principal)
        {
            context.User = principal;
        }
        else
        {
            // Kept for the challenge, so a refused token is validated (and its refusal logged) once per request.
            context.Features.Set(new RefusedAccessToken(verdict));
        }
    }
}

/// <summary>The refusal <see cref="AccessTokenMiddleware"/> reached for this request's token.</summary>
internal sealed record RefusedAccessToken(TokenVerdict Verdict);
