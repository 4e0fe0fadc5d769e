using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atra.Modules.Shared.Coordination;

/// <summary>Checks the <c>Redis</c> section at start, naming the key; an empty configuration (no Redis) is valid.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            try
            {
                var parsed = ConfigurationOptions.Parse(options.Configuration!);
                if (parsed.EndPoints.Count == 0)
                {
                    failures.Add("Redis:Configuration: names no endpoint, e.g. 'redis:6379,password=…' (empty: no Redis).");
                }
            }
            catch (ArgumentException ex)
            {
                // The message may quote the string, password included: name the problem, not the value.
                failures.Add($"Redis:Configuration: is not a StackExchange.Redis configuration string ({ex.GetType().Name}); e.g. 'redis:6379,password=…'.");
            }
        }
        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(char.IsWhiteSpace))
        {
            failures.Add("Redis:KeyPrefix: must be non-empty without spaces, e.g. 'atra:'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
