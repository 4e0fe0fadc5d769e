using System.Data.Common;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.Positions.Contracts;
using Atra.Modules.Positions.Ledger;
using Atra.Modules.Positions.Statistics;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Users.Contracts;
using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Positions;

/// <summary>
/// The Positions use cases: accept a signal, follow it with the user's own quantities (DCA, TP1, close), close by
/// hand, mark to market, and catch up after a restart. Every step is idempotent (see <see cref="PositionLedger"/>).
/// </summary>
internal sealed partial class PositionService(
    IDbConnectionFactory connections,
    PositionLedger ledger,
    SignalFactsReader signals,
    IMediator mediator,
    IEnumerable<ISymbolRulesProvider> rules,
    IEnumerable<ICandleStore> candles,
    IOptions<RiskSettings> risk,
    TimeProvider clock,
    ILogger<PositionService> logger)
{
    private const string OpenOfSignal = "SELECT id FROM positions WHERE signal_id = @SignalId AND status = 'open' ORDER BY id";

    private readonly ISymbolRulesProvider? _rules = rules.FirstOrDefault();
    private readonly ICandleStore? _candles = candles.FirstOrDefault();

    private decimal FeeRate => (decimal)risk.Value.FeeRate;

    public async Task<OpenPositionResult> OpenAsync(long userId, long signalId, CancellationToken ct)
    {
        var signal = await signals.GetAsync(signalId, ct).ConfigureAwait(false);
        if (signal is null)
        {
            return new OpenPositionResult(OpenPositionOutcome.NotFound, null, $"signal {signalId} does not exist");
        }
        var existing = await FindAsync(userId, signalId, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return new OpenPositionResult(OpenPositionOutcome.AlreadyOpen, existing.ToDto(), null);
        }
        if (signal.Status != "open")
        {
            return new OpenPositionResult(OpenPositionOutcome.SignalNotOpen, null, $"signal {signalId} is {signal.Status}");
        }
        var user = await mediator.Send(new GetUserById(userId), ct).ConfigureAwait(false);
        if (user is not { IsActive: true })
        {
            return new OpenPositionResult(OpenPositionOutcome.NotFound, null, $"user {userId} does not exist or is inactive");
        }

        var s = user.Settings;
        var lot = _rules?.Get(signal.Symbol) is { } r ? new LotRules(r.StepSize, r.MinQty, r.MinNotional, r.MaxLeverage) : LotRules.None;
        var entry = Decimals.Parse(signal.EntryPrice);
        var stop = Decimals.Parse(signal.SlPrice);
        var side = TradeSideText.ParseSide(signal.Side);
        var size = await mediator.Send(new SizePositionQuery(new PositionSizeRequest(
            s.Deposit,
            ParseTolerance(s.RiskTolerance),
            s.Leverage,
            s.TradeMode == "futures" ? TradeMode.Futures : TradeMode.Spot,
            side,
            entry,
            stop,
            Decimals.ParseOptional(signal.DcaPrice),
            lot)), ct).ConfigureAwait(false);
        if (!size.Allowed)
        {
            return new OpenPositionResult(OpenPositionOutcome.NotSized, null, size.Reason);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = await ledger.OpenAsync(new NewPosition(userId, signalId, signal.Symbol, signal.Interval, signal.Side, entry, size.Quantity, size.DcaQuantity,
            lot.StepSize, size.Leverage, Decimals.Parse(signal.Tp1Price), Decimals.Parse(signal.Tp2Price), stop, now), s.Deposit, FeeRate, ct).ConfigureAwait(false);
        if (row is null)
        {
            // Accepted concurrently (a double click): the other request opened it.
            var other = await FindAsync(userId, signalId, ct).ConfigureAwait(false);
            return new OpenPositionResult(OpenPositionOutcome.AlreadyOpen, other?.ToDto(), null);
        }
        LogOpened(logger, row.Id, userId, signalId, signal.Symbol, row.Quantity, size.Leverage);
        await PublishAsync(new PositionOpened(row.Id, userId, signalId, row.Symbol, row.Side, entry, size.Quantity, size.Leverage), ct).ConfigureAwait(false);

        // The signal may have moved since it was generated (a late accept): follow it to where it is now.
        row = await CatchUpAsync(row.Id, signal, ct).ConfigureAwait(false) ?? row;
        await RefreshOpenGaugeAsync(ct).ConfigureAwait(false);
        return new OpenPositionResult(OpenPositionOutcome.Opened, row.ToDto(), null);
    }

    public async Task<ClosePositionResult> CloseByHandAsync(long userId, long positionId, CancellationToken ct)
    {
        var row = await GetAsync(positionId, ct).ConfigureAwait(false);
        if (row is null || row.UserId != userId)
        {
            return new ClosePositionResult(ClosePositionOutcome.NotFound, null);
        }
        if (!row.IsOpen)
        {
            return new ClosePositionResult(ClosePositionOutcome.AlreadyClosed, row.ToDto());
        }
        var price = LastPrice(row);
        var result = await ledger.CloseAsync(positionId, price, "manual", FeeRate, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        if (!result.Applied)
        {
            return new ClosePositionResult(ClosePositionOutcome.AlreadyClosed, result.Position?.ToDto());
        }
        await AfterCloseAsync(result.Position!, ct).ConfigureAwait(false);
        return new ClosePositionResult(ClosePositionOutcome.Closed, result.Position!.ToDto());
    }

    public async Task OnGeneratedAsync(SignalGenerated e, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connections.Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await StatisticsStore.RecordGeneratedAsync(connection, tx, e.SignalId, e.Symbol, e.SignalTimeMs, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task OnDcaFilledAsync(SignalDcaFilled e, CancellationToken ct)
    {
        foreach (var id in await OpenPositionsOfAsync(e.SignalId, ct).ConfigureAwait(false))
        {
            await ledger.FillDcaAsync(id, e.Price, FeeRate, e.CandleTimeMs, ct).ConfigureAwait(false);
        }
    }

    public async Task OnTp1HitAsync(SignalTp1Hit e, CancellationToken ct)
    {
        var ids = await OpenPositionsOfAsync(e.SignalId, ct).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return;
        }
        var facts = await signals.GetAsync(e.SignalId, ct).ConfigureAwait(false);
        foreach (var id in ids)
        {
            // A DCA event lost before this one: book it from the signal's state first.
            if (Decimals.SignalPrice(facts?.DcaFillPrice) is { } dca)
            {
                await ledger.FillDcaAsync(id, dca, FeeRate, facts!.LatestTimeMs, ct).ConfigureAwait(false);
            }
            await ledger.TakeTp1Async(id, e.Price, (decimal)e.ClosedFraction, FeeRate, e.CandleTimeMs, ct).ConfigureAwait(false);
        }
    }

    public async Task OnClosedAsync(SignalClosed e, CancellationToken ct)
    {
        var facts = await signals.GetAsync(e.SignalId, ct).ConfigureAwait(false);
        await RecordSignalClosedAsync(e.SignalId, e.Symbol, e.ExitTimeMs, (decimal)e.ProfitPct, ct).ConfigureAwait(false);
        var final = e.FinalExitPrice ?? Decimals.SignalPrice(facts?.FinalExitPrice) ?? e.ExitPrice;
        foreach (var id in await OpenPositionsOfAsync(e.SignalId, ct).ConfigureAwait(false))
        {
            if (facts is not null)
            {
                await CatchUpStepsAsync(id, facts, ct).ConfigureAwait(false);
            }
            var closed = await ledger.CloseAsync(id, final, e.Reason.ToText(), FeeRate, e.ExitTimeMs, ct).ConfigureAwait(false);
            if (closed.Applied)
            {
                await AfterCloseAsync(closed.Position!, ct).ConfigureAwait(false);
            }
        }
    }

    public Task<int> OnCandleClosedAsync(CandleClosed e, CancellationToken ct) => ledger.MarkAsync(e.Symbol, e.Interval, e.Candle.Close, ct);

    /// <summary>
    /// Books what lost or failed events would have booked (at start and periodically: <see cref="PositionsReconciler"/>).
    /// Statistics of signals generated or closed without their event, then every open position whose signal has moved
    /// on; one position's failure does not stop the others (it is tried again at the next reconciliation).
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        const string unseen = """
            SELECT id AS Id, symbol AS Symbol, signal_time AS SignalTime, status AS Status, exit_ts AS ExitTs, profit_pct AS ProfitPct
            FROM enhanced_signals s
            WHERE user_id IS NULL
              AND (NOT EXISTS (SELECT 1 FROM position_stat_events WHERE event_key = 'generated:' || s.id)
                   OR (status = 'closed' AND NOT EXISTS (SELECT 1 FROM position_stat_events WHERE event_key = 'signal_closed:' || s.id)))
            ORDER BY id
            """;
        const string behind = """
            SELECT p.id AS Id, s.id AS SignalId FROM positions p JOIN enhanced_signals s ON s.id = p.signal_id
            WHERE p.status = 'open' AND (s.status <> 'open' OR s.dca_fill_price IS NOT NULL)
            ORDER BY coalesce(s.exit_ts, s.last_candle_time, s.signal_time), p.id
            """;
        List<(long Id, string Symbol, long SignalTime, string Status, long? ExitTs, string? ProfitPct)> missing;
        List<(long Id, long SignalId)> positions;
        await using (var connection = await connections.OpenAsync(ct).ConfigureAwait(false))
        {
            missing = [.. await connection.QueryAsync<(long, string, long, string, long?, string?)>(new CommandDefinition(unseen, cancellationToken: ct)).ConfigureAwait(false)];
            positions = [.. await connection.QueryAsync<(long, long)>(new CommandDefinition(behind, cancellationToken: ct)).ConfigureAwait(false)];
        }
        foreach (var m in missing)
        {
            await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await connections.Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            await StatisticsStore.RecordGeneratedAsync(connection, tx, m.Id, m.Symbol, m.SignalTime, ct).ConfigureAwait(false);
            if (m.Status == "closed" && m.ExitTs is { } exit && Decimals.SignalPrice(m.ProfitPct) is { } profit)
            {
                await StatisticsStore.RecordSignalClosedAsync(connection, tx, m.Id, m.Symbol, exit, profit, ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        var caught = 0;
        Exception? failure = null;
        foreach (var (id, signalId) in positions)
        {
            try
            {
                if (await signals.GetAsync(signalId, ct).ConfigureAwait(false) is { } facts)
                {
                    var before = await GetAsync(id, ct).ConfigureAwait(false);
                    var after = await CatchUpAsync(id, facts, ct).ConfigureAwait(false);
                    caught += before is not null && after is not null && before != after ? 1 : 0;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure ??= ex;
                LogPositionBehind(logger, ex, id, signalId);
            }
        }
        await RefreshOpenGaugeAsync(ct).ConfigureAwait(false);
        if (missing.Count > 0 || caught > 0)
        {
            LogReconciled(logger, missing.Count, caught);
        }
        if (failure is not null)
        {
            // The worker's heartbeat shows it; the next reconciliation tries again.
            throw new InvalidOperationException($"some positions could not be reconciled: {failure.Message}", failure);
        }
        return caught;
    }

    /// <summary>Books the DCA, TP1 and close the signal's stored state shows and the position lacks.</summary>
    private async Task<PositionRow?> CatchUpAsync(long positionId, SignalFacts facts, CancellationToken ct)
    {
        await CatchUpStepsAsync(positionId, facts, ct).ConfigureAwait(false);
        if (facts.Status == "closed" && facts.ExitTs is { } exitTs
            && (Decimals.SignalPrice(facts.FinalExitPrice) ?? Decimals.SignalPrice(facts.ExitPrice)) is { } final)
        {
            var closed = await ledger.CloseAsync(positionId, final, facts.ExitReason ?? "", FeeRate, exitTs, ct).ConfigureAwait(false);
            if (closed.Applied)
            {
                await AfterCloseAsync(closed.Position!, ct).ConfigureAwait(false);
            }
        }
        return await GetAsync(positionId, ct).ConfigureAwait(false);
    }

    private async Task CatchUpStepsAsync(long positionId, SignalFacts facts, CancellationToken ct)
    {
        if (Decimals.SignalPrice(facts.DcaFillPrice) is { } dca)
        {
            await ledger.FillDcaAsync(positionId, dca, FeeRate, facts.LatestTimeMs, ct).ConfigureAwait(false);
        }
        if (Decimals.SignalPrice(facts.Tp1ExitPrice) is { } tp1)
        {
            await ledger.TakeTp1Async(positionId, tp1, (decimal)risk.Value.Tp1CloseFraction, FeeRate, facts.LatestTimeMs, ct).ConfigureAwait(false);
        }
    }

    private async Task RecordSignalClosedAsync(long signalId, string symbol, long exitTimeMs, decimal profitPct, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connections.Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await StatisticsStore.RecordSignalClosedAsync(connection, tx, signalId, symbol, exitTimeMs, profitPct, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private async Task AfterCloseAsync(PositionRow row, CancellationToken ct)
    {
        LogClosed(logger, row.Id, row.UserId, row.ExitReason ?? "", row.RealizedPnl);
        await PublishAsync(new PositionClosed(row.Id, row.UserId, row.SignalId, row.Symbol, row.ExitReason ?? "", Decimals.Parse(row.RealizedPnl), row.ProfitPct), ct).ConfigureAwait(false);
        await RefreshOpenGaugeAsync(ct).ConfigureAwait(false);
    }

    private async Task PublishAsync<T>(T notification, CancellationToken ct)
        where T : INotification
    {
        try
        {
            await mediator.Publish(notification, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The booking is committed; a subscriber's failure must not undo or repeat it.
            LogPublishFailed(logger, ex, typeof(T).Name);
        }
    }

    /// <summary>The close of the last closed candle of the position's interval, else the last mark, else the entry.</summary>
    private decimal LastPrice(PositionRow row) =>
        _candles is not null && _candles.TryGetLast(row.Symbol, row.Interval, out var last) && last.Close > 0
            ? (decimal)last.Close
            : Decimals.ParseOptional(row.CurrentPrice) ?? Decimals.Parse(row.EntryPrice);

    private async Task<PositionRow?> FindAsync(long userId, long signalId, CancellationToken ct)
    {
        const string sql = "SELECT " + PositionRow.Columns + " FROM positions WHERE user_id = @UserId AND signal_id = @SignalId";
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<PositionRow>(new CommandDefinition(sql, new { UserId = userId, SignalId = signalId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task<PositionRow?> GetAsync(long positionId, CancellationToken ct)
    {
        const string sql = "SELECT " + PositionRow.Columns + " FROM positions WHERE id = @Id";
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<PositionRow>(new CommandDefinition(sql, new { Id = positionId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task<List<long>> OpenPositionsOfAsync(long signalId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return [.. await connection.QueryAsync<long>(new CommandDefinition(OpenOfSignal, new { SignalId = signalId }, cancellationToken: ct)).ConfigureAwait(false)];
    }

    private async Task RefreshOpenGaugeAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        AtraMetrics.PositionsOpen.Set(await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM positions WHERE status = 'open'", cancellationToken: ct)).ConfigureAwait(false));
    }

    private static RiskTolerance ParseTolerance(string text) => text switch
    {
        "low" => RiskTolerance.Low,
        "high" => RiskTolerance.High,
        _ => RiskTolerance.Medium,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Position {PositionId} opened for user {UserId} on signal {SignalId} ({Symbol}): quantity {Quantity}, leverage {Leverage}")]
    private static partial void LogOpened(ILogger logger, long positionId, long userId, long signalId, string symbol, string quantity, int leverage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Position {PositionId} of user {UserId} closed ({Reason}): realized {RealizedPnl}")]
    private static partial void LogClosed(ILogger logger, long positionId, long userId, string reason, string realizedPnl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Position {PositionId} could not be reconciled with signal {SignalId}; it is tried again at the next reconciliation")]
    private static partial void LogPositionBehind(ILogger logger, Exception exception, long positionId, long signalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Positions reconciled: {Signals} signal statistics, {Positions} positions caught up")]
    private static partial void LogReconciled(ILogger logger, int signals, int positions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber of {Notification} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string notification);
}
