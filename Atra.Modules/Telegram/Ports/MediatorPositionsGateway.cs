using Atra.Modules.Positions.Contracts;
using Mediator;

namespace Atra.Modules.Telegram.Ports;

/// <summary>
/// <see cref="IPositionsGateway"/> through the Positions module's contracts. The position is sized again by the
/// Positions module from the user's settings (the same inputs the offer was sized from), so what the request
/// carries about the offer is not trusted.
/// </summary>
internal sealed class MediatorPositionsGateway(IMediator mediator) : IPositionsGateway
{
    private const int MaxOpenShown = 50;

    public async Task<PositionOpenResult> OpenAsync(PositionOpenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await mediator.Send(new OpenPositionCommand(request.UserId, request.SignalId), cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            OpenPositionOutcome.Opened => new PositionOpenResult(result.Position!.Id, null) { Quantity = result.Position.Quantity, Price = result.Position.EntryPrice },
            OpenPositionOutcome.AlreadyOpen => new PositionOpenResult(result.Position?.Id, result.Position is null ? "already_open" : null, AlreadyOpen: true),
            OpenPositionOutcome.SignalNotOpen => new PositionOpenResult(null, result.Reason == "tp1_hit" ? "signal_tp1_hit" : "signal_closed"),
            OpenPositionOutcome.PriceMoved => new PositionOpenResult(null, result.Reason ?? "price_moved"),
            OpenPositionOutcome.NotSized => new PositionOpenResult(null, result.Reason ?? "not_sized"),
            _ => new PositionOpenResult(null, "signal_unknown"),
        };
    }

    public async Task<IReadOnlyList<PositionView>> ListOpenAsync(long userId, CancellationToken cancellationToken)
    {
        var page = await mediator.Send(new ListPositionsQuery(userId, "open", MaxOpenShown), cancellationToken).ConfigureAwait(false);
        return [.. page.Items.OrderBy(p => p.OpenedAt).ThenBy(p => p.Id).Select(ToView)];
    }

    public async Task<PositionCloseResult> CloseAsync(long userId, long positionId, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ClosePositionCommand(userId, positionId), cancellationToken).ConfigureAwait(false);
        return result.Outcome == ClosePositionOutcome.Closed ? new PositionCloseResult(true, ToView(result.Position!)) : new PositionCloseResult(false, null);
    }

    public async Task<IReadOnlyList<PositionView>> HistoryAsync(long userId, int limit, CancellationToken cancellationToken) =>
        [.. (await mediator.Send(new GetPositionHistoryQuery(userId, limit), cancellationToken).ConfigureAwait(false)).Select(ToView)];

    public async Task<TradingStats> StatsAsync(long userId, CancellationToken cancellationToken)
    {
        var s = await mediator.Send(new GetStatisticsQuery(userId), cancellationToken).ConfigureAwait(false);
        var t = s.Totals;
        return new TradingStats(t.Closed, t.Profitable, t.WinRate * 100, (double?)(t.AvgProfit * 100), t.SharpeRatio, t.Pnl ?? 0m, s.OpenPositions);
    }

    private static PositionView ToView(PositionDto p)
    {
        var isOpen = p.Status == "open";
        return new PositionView(p.Id, p.SignalId, p.Symbol, p.Side, p.EntryPrice, p.Quantity, p.Leverage, p.CurrentPrice,
            isOpen ? p.UnrealizedPnl + p.RealizedPnl : p.RealizedPnl,
            !isOpen && p.Margin > 0 ? Math.Round(p.RealizedPnl / p.Margin * 100m, 2) : null,
            p.Status, p.OpenedAt, p.ClosedAt);
    }
}
