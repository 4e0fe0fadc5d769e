using System.Text.Json.Serialization;

namespace Atra.Modules.Users.Contracts;

/// <summary>
/// A change of settings: a null field keeps its value. An unknown JSON field is an error, so a typo
/// (<c>"leverge"</c>) is reported instead of silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UserSettingsChange(
    string? Language = null,
    string? RiskTolerance = null,
    string? FilterMode = null,
    string? TradeMode = null,
    int? Leverage = null,
    decimal? Deposit = null);
