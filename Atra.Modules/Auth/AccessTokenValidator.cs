using System.Collections.Concurrent;
using System.Security.Claims;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Shared.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atra.Modules.Auth;

/// <summary>
/// Turns an access token into the signed-in user, or a refusal: signature (HS256 only), issuer, audience and
/// lifetime against the injected clock, then the deny list (logout, stolen family, deactivation) on every request.
/// Tokens already validated are remembered: a client sends the same token on every request for its 15 minutes,
/// and parsing plus HMAC plus claim checks were a large part of a small request. A hit is keyed by the exact token
/// text (signature included) and re-checks the lifetime; only successes are kept, so a tampered token never comes
/// from here. The signing key does not change while the process runs, so a remembered verdict cannot go stale.
/// </summary>
internal sealed partial class AccessTokenValidator
{
    // Live tokens are bounded by logins in the last access-token lifetime; past this the cache starts over.
    private const int MaxEntries = 10_000;


    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Validated>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Lazy<TokenValidationParameters> _parameters;
    private readonly AccessTokenDenyList _denyList;
    private readonly TimeProvider _clock;
    private readonly ILogger<AccessTokenValidator> _logger;

    public AccessTokenValidator(SigningKeyStore keys, IOptions<JwtOptions> jwt, AccessTokenDenyList denyList, TimeProvider clock, ILogger<AccessTokenValidator> logger)
    {
        _denyList = denyList;
        _clock = clock;
        _logger = logger;
        _lookup = _validated.GetAlternateLookup<ReadOnlySpan<char>>();
        // Lazy: the key may be generated at first start, after this object exists.
        _parameters = new Lazy<TokenValidationParameters>(() => Parameters(keys.Key, jwt.Value, clock));
    }

    /// <summary>The user of <paramref name="token"/>, or why it is refused. Never logs the token.</summary>
    public ValueTask<TokenVerdict> AuthenticateAsync(ReadOnlySpan<char> token, CancellationToken ct)
    {
        // A hit is looked up by the header's characters, without copying the token out of it.
        if (_lookup.TryGetValue(token, out var known) && known.IsLiveAt(_clock.GetUtcNow().UtcDateTime))
        {
            return CheckDenyListAsync(known, ct);
        }
        return ValidateAsync(token.ToString(), ct);
    }

    private async ValueTask<TokenVerdict> ValidateAsync(string token, CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        _validated.TryRemove(token, out _);
        var result = await _handler.ValidateTokenAsync(token, _parameters.Value).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is null || result.ClaimsIdentity is null)
        {
            var reason = Describe(result.Exception);
            LogRefused(_logger, reason);
            return TokenVerdict.Refused(reason);
        }
        var jti = result.ClaimsIdentity.FindFirst(AuthPolicies.TokenIdClaim)?.Value;
        if (string.IsNullOrEmpty(jti))
        {
            LogRefused(_logger, "no jti claim");
            return TokenVerdict.Refused("The access token has no jti claim.");
        }
        // A plain identity with copies of the claims: the library's identity also holds the parsed token.
        var source = result.ClaimsIdentity;
        var identity = new ClaimsIdentity(source.Claims, source.AuthenticationType, source.NameClaimType, source.RoleClaimType);
        var known = new Validated(identity, jti, result.SecurityToken.ValidFrom, result.SecurityToken.ValidTo);
        if (_validated.Count >= MaxEntries)
        {
            Prune(now);
        }
        _validated[token] = known;
        return await CheckDenyListAsync(known, ct).ConfigureAwait(false);
    }

    private async ValueTask<TokenVerdict> CheckDenyListAsync(Validated known, CancellationToken ct)
    {
        bool denied;
        try
        {
            denied = await _denyList.IsDeniedAsync(known.Jti, ct).ConfigureAwait(false);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            // Fail closed, and say so: without the revocation list a logged-out token cannot be told from a live one,
            // and a 401 would tell a client with a good token to log in again.
            LogDenyListUnavailable(_logger, error);
            throw new AtraProblem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "Access tokens cannot be checked right now (the revocation list is unreachable); try again shortly.");
        }
        // Each request gets its own principal over a copy of the identity: whatever a request does to its User stays
        // in that request (the copy is ~0.5 KB, against re-validating the token).
        return denied ? TokenVerdict.Refused("The access token was revoked.") : new TokenVerdict(new ClaimsPrincipal(known.Identity.Clone()), null);
    }

    private static TokenValidationParameters Parameters(SymmetricSecurityKey key, JwtOptions options, TimeProvider clock) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = key,
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

    // The exception's type says what failed without echoing token content (IdentityModel messages can quote it).
    private static string Describe(Exception? error) => error switch
    {
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "The access token has expired or is not yet valid.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature is invalid.",
        SecurityTokenInvalidAlgorithmException => "The access token's algorithm is not accepted.",
        SecurityTokenInvalidIssuerException => "The access token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The access token's audience is not accepted.",
        SecurityTokenMalformedException or ArgumentException => "The access token is malformed.",
        null => "The access token is invalid.",
        _ => $"The access token is invalid ({error.GetType().Name}).",
    };

    private void Prune(DateTime now)
    {
        foreach (var (token, known) in _validated)
        {
            if (!known.IsLiveAt(now))
            {
                _validated.TryRemove(token, out _);
            }
        }
        // Still nearly full of live tokens (an unusual burst of logins): start over rather than prune on every insert.
        if (_validated.Count >= MaxEntries * 9 / 10)
        {
            _validated.Clear();
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "The access-token revocation list is unreachable; authenticated requests are refused with 503")]
    private static partial void LogDenyListUnavailable(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Access token refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    private sealed record Validated(ClaimsIdentity Identity, string Jti, DateTime ValidFrom, DateTime ValidTo)
    {
        public bool IsLiveAt(DateTime now) => ValidFrom <= now && now < ValidTo;
    }
}

/// <summary>What <see cref="AccessTokenValidator"/> decided: the signed-in user, or why the token was refused.</summary>
internal readonly record struct TokenVerdict(ClaimsPrincipal? Principal, string? Failure)
{
    public static TokenVerdict Refused(string reason) => new(null, reason);

    public AuthenticateResult ToAuthenticateResult(string scheme) =>
        Principal is { } principal ? AuthenticateResult.Success(new AuthenticationTicket(principal, scheme)) : AuthenticateResult.Fail(Failure ?? "The access token is invalid.");
}
