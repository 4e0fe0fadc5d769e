using System.Globalization;
using System.Security.Cryptography;
using Atra.Modules.Auth.Contracts;
using Atra.Modules.Users.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atra.Modules.Auth;

/// <summary>An access token and what the server needs to remember about it.</summary>
internal sealed record IssuedAccessToken(string Token, string Jti, DateTimeOffset ExpiresAt);

/// <summary>Creates access tokens (JWT, HS256) and refresh token values.</summary>
internal sealed class TokenIssuer(SigningKeyStore keys, IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedAccessToken IssueAccessToken(UserDto user)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow();
        var expires = now + jwt.AccessTokenLifetime;
        var jti = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [AuthPolicies.SubjectClaim] = user.Id.ToString(CultureInfo.InvariantCulture),
                [AuthPolicies.TokenIdClaim] = jti,
                [AuthPolicies.RoleClaim] = user.IsAdmin ? AuthPolicies.AdminRole : AuthPolicies.UserRole,
            },
        };
        return new IssuedAccessToken(_handler.CreateToken(descriptor), jti, expires);
    }

    /// <summary>256 random bits, URL-safe; only its hash is stored.</summary>
    public static string NewRefreshToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string HashRefreshToken(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
