using Microsoft.Extensions.Options;

namespace Atra.Modules.Auth;

/// <summary>Stops the start on an unusable token setting, naming the key.</summary>
internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            if (!options.GenerateSigningKey)
            {
                failures.Add("Jwt:SigningKey: required (Jwt:GenerateSigningKey is false); set a random value of at least 32 bytes, e.g. the environment variable Jwt__SigningKey=$(openssl rand -base64 48).");
            }
        }
        else if (SigningKeyRules.Problem(options.SigningKey) is { } problem)
        {
            failures.Add($"Jwt:SigningKey: {problem}");
        }
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Jwt:Issuer: required.");
        }
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Jwt:Audience: required.");
        }
        if (options.AccessTokenLifetime < TimeSpan.FromMinutes(1) || options.AccessTokenLifetime > TimeSpan.FromHours(24))
        {
            failures.Add("Jwt:AccessTokenLifetime: must be between 00:01:00 and 1.00:00:00.");
        }
        if (options.RefreshTokenLifetime <= options.AccessTokenLifetime || options.RefreshTokenLifetime > TimeSpan.FromDays(365))
        {
            failures.Add("Jwt:RefreshTokenLifetime: must be longer than Jwt:AccessTokenLifetime and at most 365.00:00:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
