using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Atra.Modules.Auth;

/// <summary>
/// The <c>Bearer</c> scheme (RFC 6750): reads <c>Authorization: Bearer &lt;token&gt;</c> and asks
/// <see cref="AccessTokenValidator"/>. A 401 carries <c>WWW-Authenticate: Bearer</c>, with
/// <c>error="invalid_token"</c> when a token was sent and refused; the problem body comes from the status-code pages.
/// </summary>
/// <remarks>
/// Written instead of the JwtBearer handler, which validates with the same library: that handler is built per
/// request with an options lookup, an events object, contexts for each event and a logger from the logger factory,
/// which was the largest share of an authenticated request's CPU in a trace of api-bench. This one is created per
/// request too (the authentication contract holds the request in the handler) but only holds two references.
/// </remarks>
internal sealed class AccessTokenAuthenticationHandler(AccessTokenValidator validator) : IAuthenticationHandler
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    private AuthenticationScheme? _scheme;
    private HttpContext? _context;
    private Task<AuthenticateResult>? _result;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    // Once per request: authorization authenticates, and a challenge afterwards needs the same verdict.
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
        string? header = context.Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header.AsSpan(Prefix.Length).Trim();
        if (token.IsEmpty)
        {
            return AuthenticateResult.NoResult();
        }
        return await validator.AuthenticateAsync(token, _scheme!.Name, context.RequestAborted).ConfigureAwait(false);
    }
}
