namespace Atra.Modules.Telegram.Ports;

/// <summary>The outcome of /close for one position: found (and closed) or not this user's open position.</summary>
internal sealed record PositionCloseResult(bool Closed, PositionView? Position);
