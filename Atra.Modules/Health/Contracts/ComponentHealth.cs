using System.Collections.Frozen;

namespace Atra.Modules.Health.Contracts;

/// <summary>
/// One component's verdict: a status, one sentence saying why, the figures behind it (snake_case keys; numbers,
/// strings, booleans or null), and what only operators may read. The reason is public (the status page and
/// <c>/health/ready</c> show it to anyone), so it never holds a file path, an exception's text or a secret; those go
/// in <see cref="Detail"/> or under one of the <see cref="OperatorDataKeys"/>, which <c>atra health</c> shows and the
/// public answers leave out (<see cref="ForPublic"/>).
/// </summary>
public sealed record ComponentHealth(string Name, HealthStatus Status, string Reason, IReadOnlyDictionary<string, object?> Data, string? Detail = null)
{
    /// <summary>Data keys whose values are for operators only: file paths and failure texts, at any depth.</summary>
    public static readonly FrozenSet<string> OperatorDataKeys =
        new[] { "path", "disk_path", "last_failure", "last_scan_failure", "last_error" }.ToFrozenSet(StringComparer.Ordinal);

    public static ComponentHealth Of(string name, HealthStatus status, string reason, IReadOnlyDictionary<string, object?>? data = null, string? detail = null) =>
        new(name, status, reason, data ?? new Dictionary<string, object?>(), detail);

    /// <summary>What anyone may see: the same verdict without the detail and the operator-only figures.</summary>
    public ComponentHealth ForPublic() => this with { Data = PublicData(Data), Detail = null };

    private static Dictionary<string, object?> PublicData(IReadOnlyDictionary<string, object?> data)
    {
        var shown = new Dictionary<string, object?>(data.Count, StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            if (OperatorDataKeys.Contains(key))
            {
                continue;
            }
            shown[key] = value is IReadOnlyDictionary<string, object?> nested ? PublicData(nested) : value;
        }
        return shown;
    }
}
