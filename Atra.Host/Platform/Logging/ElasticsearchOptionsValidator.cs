using Microsoft.Extensions.Options;

namespace Atra.Host.Platform.Logging;

/// <summary>Checks the <c>Elasticsearch</c> section at start, naming the key; with no <c>Url</c> only its form is checked.</summary>
internal sealed class ElasticsearchOptionsValidator : IValidateOptions<ElasticsearchOptions>
{
    public ValidateOptionsResult Validate(string? name, ElasticsearchOptions options)
    {
        var f = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Url)
            && (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            f.Add($"Elasticsearch:Url: '{options.Url}' is not an absolute http(s) URL (empty turns shipping off).");
        }
        // Elasticsearch index names: lowercase, no wildcard or separators; the prefix also names the ILM policy.
        if (string.IsNullOrEmpty(options.IndexPrefix) || options.IndexPrefix.Length > 100
            || !options.IndexPrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')
            || options.IndexPrefix[0] is '-' or '_' or '.')
        {
            f.Add($"Elasticsearch:IndexPrefix: '{options.IndexPrefix}' must be 1-100 characters of a-z, 0-9, '-', '_', '.', not starting with '-', '_' or '.'.");
        }
        if (options.BatchSize is < 1 or > 10_000)
        {
            f.Add("Elasticsearch:BatchSize: must be between 1 and 10000.");
        }
        if (options.BufferLimit < options.BatchSize)
        {
            f.Add("Elasticsearch:BufferLimit: must be at least Elasticsearch:BatchSize.");
        }
        if (options.Period <= TimeSpan.Zero || options.Period > TimeSpan.FromMinutes(5))
        {
            f.Add("Elasticsearch:Period: must be between 00:00:00.001 and 00:05:00.");
        }
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            f.Add("Elasticsearch:RequestTimeout: must be between 00:00:00.001 and 00:05:00.");
        }
        if (options.RetryTimeLimit < TimeSpan.Zero)
        {
            f.Add("Elasticsearch:RetryTimeLimit: must not be negative.");
        }
        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            f.Add("Elasticsearch:Username and Elasticsearch:Password: set both or neither.");
        }
        if (options.RetentionDays is < 1 or > 3650)
        {
            f.Add("Elasticsearch:RetentionDays: must be between 1 and 3650.");
        }
        return f.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(f);
    }
}
