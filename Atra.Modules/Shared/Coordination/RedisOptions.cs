namespace Atra.Modules.Shared.Coordination;

/// <summary>Bound from the <c>Redis</c> section. An empty configuration selects the in-process implementations.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>; empty means no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key Atra writes, so several instances or apps can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "atra:";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
