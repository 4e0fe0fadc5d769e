using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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
    // Relaxed escaping: the document is served as application/json, never inlined into HTML, and "+" or "'"
    // escaped as \u002B would only make it harder to read.
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcTimeConverter() },
    };

    private static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };

    public static JsonObject ToJson(HealthReport report)
    {
        var components = new JsonObject();
        foreach (var c in report.Components)
        {
            var component = new JsonObject
            {
                ["status"] = c.Status.ToWire(),
                ["reason"] = c.Reason,
                ["data"] = JsonSerializer.SerializeToNode(c.Data, Compact),
            };
            if (c.Detail is { } detail)
            {
                component["detail"] = detail;
            }
            components[c.Name] = component;
        }
        return new JsonObject
        {
            ["status"] = report.Status.ToWire(),
            ["checked_at"] = JsonSerializer.SerializeToNode(report.CheckedAt, Compact),
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
                    data,
                    c.TryGetProperty("detail", out var d2) ? d2.GetString() : null));
            }
        }
        return new HealthReport(status, checkedAt, components);
    }

    /// <summary>Times as UTC ISO 8601 with milliseconds and a Z: <c>2024-05-01T12:00:00.000Z</c>.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
