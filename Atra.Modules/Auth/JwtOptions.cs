namespace Atra.Modules.Auth;

/// <summary>Bound from the <c>Jwt</c> section; validated at start by <see cref="JwtOptionsValidator"/>.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>
    /// The HMAC-SHA256 key (UTF-8, at least 32 bytes). Empty: a random key is generated at first start and kept in
    /// <see cref="SigningKeyFile"/> (mode 0600), unless <see cref="GenerateSigningKey"/> is false.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Where a generated key is kept; empty means <c>jwt-signing.key</c> beside the database (<c>Storage:Sqlite</c>).</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>
    /// Whether an empty <see cref="SigningKey"/> may be replaced by a generated one. Turn it off where several
    /// instances must share one key, so a forgotten key stops the start instead of splitting the sessions.
    /// </summary>
    public bool GenerateSigningKey { get; set; } = true;

    public string Issuer { get; set; } = "atra";

    public string Audience { get; set; } = "atra-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
}
