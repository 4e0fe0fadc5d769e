namespace Atra.Host.Platform.Api;

/// <summary>The <c>Http</c> section: what every request meets before an endpoint runs.</summary>
internal sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>Largest request body accepted (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Reverse proxies (addresses, or networks as <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Empty: none, and the client is the connection's peer. Anyone else's
    /// forwarded headers are ignored, so a client cannot pick the address its lockout and rate limit are counted under.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Requests per client address and window to the public pages (status page, <c>/status/*</c>, <c>/health/ready</c>).</summary>
    public int PublicRateLimitPermits { get; set; } = 120;

    public TimeSpan PublicRateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
