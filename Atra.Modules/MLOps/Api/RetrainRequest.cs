using System.Text.Json.Serialization;

namespace Atra.Modules.MLOps.Api;

/// <summary>
/// The body of <c>POST /api/mlops/retrain</c>. Empty (or no field set): train on the database's closed signals.
/// Any of interval, symbols, from, to: train on a backtest of the candle files in <c>Backtest:DataFolder</c>,
/// validated as <c>POST /api/backtests</c> (a client names symbols, never a path). Any other field is refused (400),
/// so a client that tries to name a folder learns that it cannot instead of silently training on the database.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record RetrainRequest(
    [property: JsonPropertyName("interval")] string? Interval,
    [property: JsonPropertyName("symbols")] IReadOnlyList<string>? Symbols,
    [property: JsonPropertyName("from")] DateTimeOffset? From,
    [property: JsonPropertyName("to")] DateTimeOffset? To)
{
    [JsonIgnore]
    public bool FromCandleFiles => Interval is not null || Symbols is not null || From is not null || To is not null;
}
