namespace Atra.Modules.Telegram.Ports;

/// <summary>The outcome of opening a position; <see cref="PositionId"/> is null when it was refused (<see cref="Error"/> says why).</summary>
internal sealed record PositionOpenResult(long? PositionId, string? Error, bool AlreadyOpen = false)
{
    /// <summary>What was booked (opened now): the quantity and the price it was booked at.</summary>
    public decimal Quantity { get; init; }

    public decimal Price { get; init; }
}
