using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Registry;

/// <summary>
/// One line of <c>audit.jsonl</c> (append-only): a version registered, an alias moved (<c>promote</c>,
/// <c>rollback</c>, <c>challenger</c>) or a challenger refused, with its reason and who asked.
/// </summary>
internal sealed record AuditEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("alias")] string? Alias,
    [property: JsonPropertyName("from_version")] int? FromVersion,
    [property: JsonPropertyName("to_version")] int? ToVersion,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("actor")] string Actor);
