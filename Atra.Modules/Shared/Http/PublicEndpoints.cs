namespace Atra.Modules.Shared.Http;

/// <summary>
/// The anonymous read endpoints anyone can reach (status page, <c>/status/*</c>, <c>/health/ready</c>): they take the
/// per-address rate limit the host defines under this name (<c>Http:PublicRateLimitPermits</c> per
/// <c>Http:PublicRateLimitWindow</c>).
/// </summary>
public static class PublicEndpoints
{
    public const string RateLimitPolicy = "public";
}
