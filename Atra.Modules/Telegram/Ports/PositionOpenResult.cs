namespace Atra.Modules.Telegram.Ports;

/// <summary>The outcome of opening a position; <see cref="PositionId"/> is null when it was refused (<see cref="Error"/> says why).</summary>
internal sealed record PositionOpenResult(long? PositionId, string? Error, bool AlreadyOpen = false);
