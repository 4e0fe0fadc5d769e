namespace Atra.Modules.Telegram.Ports;

/// <summary>
/// What the bot needs from the Positions module (accept a signal, list, close, statistics, history), implemented
/// by <see cref="MediatorPositionsGateway"/> over the Positions contracts.
/// </summary>
internal interface IPositionsGateway
{
    /// <summary>Opens a position for an accepted signal; accepting the same signal twice opens it once.</summary>
    Task<PositionOpenResult> OpenAsync(PositionOpenRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<PositionView>> ListOpenAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Closes one of the user's open positions at its last known price.</summary>
    Task<PositionCloseResult> CloseAsync(long userId, long positionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PositionView>> HistoryAsync(long userId, int limit, CancellationToken cancellationToken);

    Task<TradingStats> StatsAsync(long userId, CancellationToken cancellationToken);
}
