using Microsoft.Extensions.Options;

namespace Atra.Modules.Auth;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFailedLogins is < 1 or > 100)
        {
            failures.Add("Auth:MaxFailedLogins: must be between 1 and 100.");
        }
        if (options.LockoutDuration < TimeSpan.FromSeconds(1) || options.LockoutDuration > TimeSpan.FromDays(1))
        {
            failures.Add("Auth:LockoutDuration: must be between 00:00:01 and 1.00:00:00.");
        }
        if (options.LoginDelay < TimeSpan.Zero || options.LoginDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add("Auth:LoginDelay: must be between 00:00:00 and 00:00:10.");
        }
        if (options.MaxLoginDelay < options.LoginDelay || options.MaxLoginDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Auth:MaxLoginDelay: must be between Auth:LoginDelay and 00:01:00 (a request waits that long).");
        }
        if (options.RateLimitPermits is < 1 or > 1_000_000)
        {
            failures.Add("Auth:RateLimitPermits: must be between 1 and 1000000.");
        }
        if (options.RateLimitWindow < TimeSpan.FromSeconds(1) || options.RateLimitWindow > TimeSpan.FromHours(1))
        {
            failures.Add("Auth:RateLimitWindow: must be between 00:00:01 and 01:00:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
