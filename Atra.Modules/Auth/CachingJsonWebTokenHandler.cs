using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atra.Modules.Auth;

/// <summary>
/// The JWT handler of the bearer scheme, remembering tokens it has already validated: a client sends the same
/// access token on every request for its 15 minutes, and parsing, signature and claim checks are a large part of
/// a small request's cost. A hit is keyed by the exact token text (signature included) and re-checks the lifetime
/// against the injected clock, so an expired token is refused exactly as before; only successes are kept, so a
/// tampered or revoked token never comes from here (revocation is checked after validation, on every request).
/// The validation parameters are the same for every request (one issuer, one signing key per process).
/// </summary>
internal sealed class CachingJsonWebTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    // Live tokens are bounded by logins in the last access-token lifetime; past this the cache starts over.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (token is not null && _validated.TryGetValue(token, out var known))
        {
            var jwt = known.SecurityToken;
            if (now < jwt.ValidTo && jwt.ValidFrom <= now)
            {
                // A fresh identity per request: the pipeline may add claims to it.
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = jwt,
                    ClaimsIdentity = known.ClaimsIdentity.Clone(),
                    Issuer = known.Issuer,
                    TokenType = known.TokenType,
                };
            }
            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && token is not null && result.SecurityToken is not null && result.ClaimsIdentity is not null)
        {
            if (_validated.Count >= MaxEntries)
            {
                Prune(now);
            }
            _validated[token] = new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = result.SecurityToken,
                ClaimsIdentity = result.ClaimsIdentity.Clone(),
                Issuer = result.Issuer,
                TokenType = result.TokenType,
            };
        }
        return result;
    }

    private void Prune(DateTime now)
    {
        foreach (var (token, known) in _validated)
        {
            if (known.SecurityToken.ValidTo <= now)
            {
                _validated.TryRemove(token, out _);
            }
        }
        if (_validated.Count >= MaxEntries)
        {
            _validated.Clear();
        }
    }
}
