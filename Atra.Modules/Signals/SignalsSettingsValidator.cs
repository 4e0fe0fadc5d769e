using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals;

/// <summary>The rules data annotations cannot say; every message names its key.</summary>
internal sealed class SignalsSettingsValidator : IValidateOptions<SignalsSettings>
{
    public ValidateOptionsResult Validate(string? name, SignalsSettings options)
    {
        var failures = new List<string>();
        if (!CandleInterval.IsValid(options.Interval))
        {
            failures.Add($"Signals:Interval: '{options.Interval}' is not a candle interval ({string.Join(", ", CandleInterval.All)}).");
        }
        Check(failures, "Signals:Soft", options.Soft);
        Check(failures, "Signals:Strict", options.Strict);
        for (var i = 0; i < options.NewsFeeds.Count; i++)
        {
            if (!Uri.TryCreate(options.NewsFeeds[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"Signals:NewsFeeds:{i}: '{options.NewsFeeds[i]}' is not an http(s) URL.");
            }
        }
        if (options.NewsWindow <= TimeSpan.Zero)
        {
            failures.Add("Signals:NewsWindow: must be positive.");
        }
        if (options.NewsCacheDuration < TimeSpan.Zero)
        {
            failures.Add("Signals:NewsCacheDuration: must not be negative.");
        }
        if (options.NewsMaxFeedBytes < 1024)
        {
            failures.Add("Signals:NewsMaxFeedBytes: must be at least 1024.");
        }
        if (options.FilterTimeout <= TimeSpan.Zero || options.FilterTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Signals:FilterTimeout: must be between 00:00:00.001 and 00:05:00.");
        }
        if (options.WriteRetryDelay <= TimeSpan.Zero || options.WriteRetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Signals:WriteRetryDelay: must be between 00:00:00.001 and 00:01:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, ThresholdSet t)
    {
        if (t.LongRsiMin > t.LongRsiMax)
        {
            failures.Add($"{key}:LongRsiMin: must not exceed {key}:LongRsiMax.");
        }
        if (t.ShortRsiMin > t.ShortRsiMax)
        {
            failures.Add($"{key}:ShortRsiMin: must not exceed {key}:ShortRsiMax.");
        }
        if (t.MlMin is < 0 or > 1)
        {
            failures.Add($"{key}:MlMin: must be within [0, 1].");
        }
    }
}
