using System.Globalization;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Atra.Modules.Telegram.Ports;

/// <summary>
/// <see cref="IPositionsGateway"/> straight over the <c>positions</c> table, for as long as no Positions module
/// exists. It records what the user accepted and what they closed; the lifecycle tracking that moves
/// <c>current_price</c>, books TP1/DCA fills and closes positions at TP2/stop belongs to the Positions module.
/// A manual /close books the PnL at <c>current_price</c> (the last price the tracker wrote), or at entry when none was written.
/// </summary>
internal sealed class SqlitePositionsGateway(IDbConnectionFactory connections, TimeProvider clock) : IPositionsGateway
{
    private const string Columns = """
        id AS Id, signal_id AS SignalId, symbol AS Symbol, side AS Side, entry_price AS EntryPrice, quantity AS Quantity,
        leverage AS Leverage, margin AS Margin, current_price AS CurrentPrice, realized_pnl AS RealizedPnl,
        unrealized_pnl AS UnrealizedPnl, status AS Status, opened_at AS OpenedAt, closed_at AS ClosedAt
        """;

    public async Task<PositionOpenResult> OpenAsync(PositionOpenRequest request, CancellationToken cancellationToken)
    {
        const string insert = """
            INSERT INTO positions (user_id, signal_id, symbol, side, entry_price, quantity, leverage, margin, tp1_price, tp2_price, sl_price, status, opened_at)
            VALUES (@UserId, @SignalId, @Symbol, @Side, @Entry, @Quantity, @Leverage, @Margin, @Tp1, @Tp2, @Sl, 'open', @Now)
            ON CONFLICT (user_id, signal_id) DO NOTHING
            """;
        const string select = "SELECT id FROM positions WHERE user_id = @UserId AND signal_id = @SignalId";
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var added = await connection.ExecuteAsync(new CommandDefinition(insert, new
            {
                request.UserId,
                request.SignalId,
                request.Symbol,
                request.Side,
                Entry = Text(request.Entry),
                Quantity = Text(request.Quantity),
                request.Leverage,
                Margin = Text(request.Margin),
                Tp1 = Text(request.Tp1),
                Tp2 = Text(request.Tp2),
                Sl = Text(request.StopLoss),
                Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(select, new { request.UserId, request.SignalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new PositionOpenResult(id, null, AlreadyOpen: added == 0);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the signal is not (or no longer) in the signal store.
            return new PositionOpenResult(null, "signal_unknown");
        }
    }

    public async Task<IReadOnlyList<PositionView>> ListOpenAsync(long userId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + Columns + " FROM positions WHERE user_id = @UserId AND status = 'open' ORDER BY opened_at, id";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToView()).ToList();
    }

    public async Task<PositionCloseResult> CloseAsync(long userId, long positionId, CancellationToken cancellationToken)
    {
        const string select = "SELECT " + Columns + " FROM positions WHERE id = @Id AND user_id = @UserId AND status = 'open'";
        const string close = """
            UPDATE positions SET status = 'closed', closed_at = @Now, realized_pnl = @Pnl, unrealized_pnl = '0'
            WHERE id = @Id AND user_id = @UserId AND status = 'open'
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(select, new { Id = positionId, UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return new PositionCloseResult(false, null);
        }
        var view = row.ToView();
        var exit = view.CurrentPrice ?? view.EntryPrice;
        var direction = view.Side == "short" ? -1m : 1m;
        var pnl = view.Pnl + (direction * (exit - view.EntryPrice) * view.Quantity);
        var now = clock.GetUtcNow();
        var changed = await connection.ExecuteAsync(new CommandDefinition(close, new { Id = positionId, UserId = userId, Now = now.ToUnixTimeMilliseconds(), Pnl = Text(pnl) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (changed == 0)
        {
            return new PositionCloseResult(false, null);
        }
        var margin = row.MarginValue;
        return new PositionCloseResult(true, view with { Pnl = pnl, Status = "closed", ClosedAt = now, ProfitPct = margin > 0 ? Math.Round(pnl / margin * 100m, 2) : null });
    }

    public async Task<IReadOnlyList<PositionView>> HistoryAsync(long userId, int limit, CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + Columns + " FROM positions WHERE user_id = @UserId AND status = 'closed' ORDER BY closed_at DESC, id DESC LIMIT @Limit";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { UserId = userId, Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToView()).ToList();
    }

    public async Task<TradingStats> StatsAsync(long userId, CancellationToken cancellationToken)
    {
        const string closed = "SELECT " + Columns + " FROM positions WHERE user_id = @UserId AND status = 'closed'";
        const string open = "SELECT COUNT(*) FROM positions WHERE user_id = @UserId AND status = 'open'";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(closed, new { UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var openCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition(open, new { UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new TradingStats(0, 0, null, null, null, 0m, (int)openCount);
        }
        var returns = new double[rows.Count];
        var total = 0m;
        var wins = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var pnl = Parse(rows[i].RealizedPnl) ?? 0m;
            total += pnl;
            wins += pnl > 0 ? 1 : 0;
            var margin = rows[i].MarginValue;
            returns[i] = margin > 0 ? (double)(pnl / margin * 100m) : 0d;
        }
        var mean = returns.Average();
        double? sharpe = null;
        if (returns.Length >= 2)
        {
            var variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1);
            sharpe = variance > 0 ? mean / Math.Sqrt(variance) : null;
        }
        return new TradingStats(rows.Count, wins, 100d * wins / rows.Count, mean, sharpe, total, (int)openCount);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d) ? d : null;

    private sealed record Row(long Id, long SignalId, string Symbol, string Side, string EntryPrice, string Quantity, long Leverage, string Margin,
        string? CurrentPrice, string RealizedPnl, string UnrealizedPnl, string Status, long OpenedAt, long? ClosedAt)
    {
        public decimal MarginValue => Parse(Margin) ?? 0m;

        public PositionView ToView()
        {
            var isOpen = Status == "open";
            var pnl = isOpen ? Parse(UnrealizedPnl) ?? 0m : Parse(RealizedPnl) ?? 0m;
            var margin = MarginValue;
            return new PositionView(
                Id, SignalId, Symbol, Side, Parse(EntryPrice) ?? 0m, Parse(Quantity) ?? 0m, (int)Leverage, Parse(CurrentPrice), pnl,
                !isOpen && margin > 0 ? Math.Round(pnl / margin * 100m, 2) : null,
                Status, DateTimeOffset.FromUnixTimeMilliseconds(OpenedAt), ClosedAt is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(ClosedAt.Value));
        }
    }
}
