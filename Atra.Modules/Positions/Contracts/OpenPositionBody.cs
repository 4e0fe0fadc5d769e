using System.Text.Json.Serialization;

namespace Atra.Modules.Positions.Contracts;

/// <summary>The body of <c>POST /api/positions</c>: <c>{"signal_id": 123}</c>. An unknown field is an error.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OpenPositionBody(long? SignalId);
