using System.Text.Json;
using System.Text.Json.Nodes;
using Atra.Modules.Health.Contracts;

namespace Atra.Modules.Health;

/// <summary>
/// The one JSON shape of a health report (INTERFACES.md), written by <c>/health/ready</c> and
/// <c>atra health --json</c> and read back by <c>atra health --url</c>:
/// <c>{"status", "checked_at", "components": {"database": {"status", "reason", "data": {…}}, …}}</c>.
/// </summary>
internal static class HealthReportJson
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(HealthReport report)
    {
        var components = new JsonObject();
        foreach (var c in report.Components)
        {
            components[c.Name] = new JsonObject
            {
                ["status"] = c.Status.ToWire(),
                ["reason"] = c.Reason,
                ["data"] = JsonSerializer.SerializeToNode(c.Data, Compact),
            };
        }
        return new JsonObject
        {
            ["status"] = report.Status.ToWire(),
            ["checked_at"] = report.CheckedAt.ToUniversalTime(),
            ["components"] = components,
        };
    }

    public static string Serialize(HealthReport report, bool indented) => ToJson(report).ToJsonString(indented ? Indented : Compact);

    /// <summary>Reads a report written by <see cref="Serialize"/>; data values come back as <see cref="JsonElement"/>.</summary>
    public static HealthReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var status = HealthStatusExtensions.FromWire(root.GetProperty("status").GetString())
            ?? throw new JsonException("'status' is not one of HEALTHY, WARNING, CRITICAL, UNKNOWN");
        var checkedAt = root.GetProperty("checked_at").GetDateTimeOffset();
        var components = new List<ComponentHealth>();
        if (root.TryGetProperty("components", out var list) && list.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in list.EnumerateObject())
            {
                var c = property.Value;
                var data = new Dictionary<string, object?>();
                if (c.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
                {
                    foreach (var figure in d.EnumerateObject())
                    {
                        data[figure.Name] = figure.Value.Clone();
                    }
                }
                components.Add(new ComponentHealth(
                    property.Name,
                    HealthStatusExtensions.FromWire(c.GetProperty("status").GetString()) ?? HealthStatus.Unknown,
                    c.TryGetProperty("reason", out var r) ? r.GetString() ?? string.Empty : string.Empty,
                    data));
            }
        }
        return new HealthReport(status, checkedAt, components);
    }
}
