namespace Atra.Modules.Shared.Workers;

/// <summary>The last sign of life of one worker.</summary>
public sealed record WorkerHeartbeat(string Worker, DateTimeOffset LastBeat, DateTimeOffset? LastFailure, string? LastFailureReason);
