using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atra.Modules.Auth;

/// <summary>
/// The <c>Bearer</c> scheme (RFC 6750) as ASP.NET Core's authentication sees it: authenticate, challenge (401
/// with <c>WWW-Authenticate: Bearer</c>, plus <c>error="invalid_token"</c> when a token was sent and refused; the
/// problem body comes from the status-code pages) and forbid (403). Requests are signed in by
/// <see cref="AccessTokenMiddleware"/>; this handler answers the framework's calls (authorization's challenge and
/// forbid, an explicit <c>HttpContext.AuthenticateAsync()</c>) with the same <see cref="AccessTokenValidator"/>.
/// </summary>
internal sealed class AccessTokenAuthenticationHandler(AccessTokenValidator validator) : IAuthenticationHandler
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    private HttpContext? _context;
    private Task<AuthenticateResult>? _result;

    /// <summary>The token of an <c>Authorization: Bearer …</c> header, as a view of the header's characters.</summary>
    public static bool TryReadToken(string? header, out ReadOnlySpan<char> token)
    {
        token = default;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        token = header.AsSpan(Prefix.Length).Trim();
        return !token.IsEmpty;
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    // Once per request: a challenge after authentication needs the same verdict.
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= AuthenticateOnceAsync();

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var context = Context;
        var result = await AuthenticateAsync().ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.Append(HeaderNames.WWWAuthenticate, result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"");
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    private async Task<AuthenticateResult> AuthenticateOnceAsync()
    {
        var context = Context;
        if (context.Features.Get<RefusedAccessToken>() is { } refused)
        {
            return refused.Verdict.ToAuthenticateResult(SchemeName);
        }
        if (!TryReadToken(context.Request.Headers.Authorization, out var token))
        {
            return AuthenticateResult.NoResult();
        }
        var verdict = validator.AuthenticateAsync(token, context.RequestAborted);
        return (await verdict.ConfigureAwait(false)).ToAuthenticateResult(SchemeName);
    }
}
