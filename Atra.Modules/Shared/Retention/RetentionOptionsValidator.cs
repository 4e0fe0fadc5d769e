using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Retention;

/// <summary>Checks the <c>Retention</c> section at start, naming the key; a <c>Keep</c> entry must name a registered policy.</summary>
internal sealed class RetentionOptionsValidator(IEnumerable<IRetentionPolicy> policies) : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.Interval < TimeSpan.FromMinutes(1) || options.Interval > TimeSpan.FromDays(7))
        {
            failures.Add("Retention:Interval: must be between 00:01:00 and 7.00:00:00.");
        }
        if (options.BatchSize is < 1 or > 100_000)
        {
            failures.Add("Retention:BatchSize: must be between 1 and 100000.");
        }
        var known = policies.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var (key, keep) in options.Keep)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                failures.Add($"Retention:Keep:{key}: no such kind of row; one of {string.Join(", ", known)}.");
            }
            else if (keep < TimeSpan.FromHours(1))
            {
                failures.Add($"Retention:Keep:{key}: must be at least 01:00:00.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
