using System.Net;
using Microsoft.Extensions.Options;

namespace Atra.Host.Platform.Api;

/// <summary>Fails the start with messages naming the key.</summary>
internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add("Http:MaxRequestBodyBytes: must be at least 1024.");
        }
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!TryParseProxy(options.TrustedProxies[i], out _, out _))
            {
                failures.Add($"Http:TrustedProxies:{i}: '{options.TrustedProxies[i]}' is not an IP address or network (e.g. 172.18.0.5 or 172.16.0.0/12).");
            }
        }
        if (options.PublicRateLimitPermits < 1)
        {
            failures.Add("Http:PublicRateLimitPermits: must be at least 1.");
        }
        if (options.PublicRateLimitWindow < TimeSpan.FromSeconds(1) || options.PublicRateLimitWindow > TimeSpan.FromHours(1))
        {
            failures.Add("Http:PublicRateLimitWindow: must be between 00:00:01 and 01:00:00.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An address (<paramref name="address"/>) or a network in CIDR form (<paramref name="network"/>).</summary>
    public static bool TryParseProxy(string? text, out IPAddress? address, out IPNetwork? network)
    {
        address = null;
        network = null;
        var value = text?.Trim() ?? "";
        if (value.Contains('/', StringComparison.Ordinal))
        {
            if (IPNetwork.TryParse(value, out var parsed))
            {
                network = parsed;
                return true;
            }
            return false;
        }
        if (IPAddress.TryParse(value, out var ip))
        {
            address = ip;
            return true;
        }
        return false;
    }
}
