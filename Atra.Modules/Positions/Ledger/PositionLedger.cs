using System.Collections.Concurrent;
using System.Data.Common;
using Atra.Modules.Positions.Statistics;
using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Positions.Ledger;

/// <summary>
/// Every write to <c>positions</c> and <c>transactions</c>. Each step runs in one SQLite transaction that first
/// checks whether it was already booked (at most one transaction of each type per position, also enforced by a
/// unique index), so a replayed or re-published event never counts twice.
/// <para>
/// Balance model: a user's balance starts at their deposit at their first transaction; every fill moves it by
/// <c>pnl − fee</c> (the fee, <c>fee rate × q × p</c>, is paid on every entry and exit, at the fill). So
/// <c>balance_after</c> of the user's latest transaction = deposit + Σ pnl − Σ fee, and a position's realized PnL is
/// the Σ (pnl − fee) of its own transactions.
/// </para>
/// </summary>
internal sealed class PositionLedger(IDbConnectionFactory connections) : IDisposable
{
    // One writer at a time within the process: the balance is read and advanced in the same transaction.
    private readonly SemaphoreSlim _writer = new(1, 1);

    // (symbol, interval) pairs that have had an open position since start (loaded from SQLite at the first mark):
    // marking runs on every closed candle of every symbol, and an UPDATE per symbol with nothing to mark took ~20 of
    // the ~25 ms a 500-symbol scan round cost (scan-bench). Pairs are added before a position is inserted and never
    // removed, so no open position is ever skipped; the set is bounded by the universe.
    private readonly ConcurrentDictionary<(string Symbol, string Interval), byte> _markable = new();
    private Task? _markableLoaded;

    private const string SelectPosition = "SELECT " + PositionRow.Columns + " FROM positions WHERE id = @Id";

    private const string HasTransaction = "SELECT COUNT(*) FROM transactions WHERE position_id = @Id AND transaction_type = @Type";

    private const string LastBalance = "SELECT balance_after FROM transactions WHERE user_id = @UserId ORDER BY id DESC LIMIT 1";

    private const string InsertTransaction = """
        INSERT INTO transactions (user_id, position_id, transaction_type, symbol, side, price, quantity, fee, pnl, balance_before, balance_after, created_at)
        VALUES (@UserId, @PositionId, @Type, @Symbol, @Side, @Price, @Quantity, @Fee, @Pnl, @Before, @After, @CreatedAt)
        """;

    /// <summary>Inserts the position and its <c>open</c> transaction; null when the user already has a position on the signal.</summary>
    public async Task<PositionRow?> OpenAsync(NewPosition p, decimal deposit, decimal feeRate, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO positions (user_id, signal_id, symbol, interval, side, entry_price, quantity, initial_quantity, planned_dca_quantity,
                open_quantity, entry_notional, lot_step, leverage, margin, tp1_price, tp2_price, sl_price, stop_price, status, opened_at)
            VALUES (@UserId, @SignalId, @Symbol, @Interval, @Side, @Entry, @Quantity, @Quantity, @DcaQuantity,
                @Quantity, @Notional, @LotStep, @Leverage, @Margin, @Tp1, @Tp2, @Sl, @Sl, 'open', @OpenedAt)
            ON CONFLICT (user_id, signal_id) DO NOTHING
            RETURNING id
            """;
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _markable.TryAdd((p.Symbol, p.Interval), 0);
            await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await connections.Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            var notional = p.Quantity * p.Entry;
            var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(insert, new
            {
                p.UserId,
                p.SignalId,
                p.Symbol,
                p.Interval,
                p.Side,
                Entry = Decimals.Text(p.Entry),
                Quantity = Decimals.Text(p.Quantity),
                DcaQuantity = Decimals.Text(p.DcaQuantity),
                Notional = Decimals.Text(notional),
                LotStep = Decimals.Text(p.LotStep),
                p.Leverage,
                Margin = Decimals.Text(notional / p.Leverage),
                Tp1 = Decimals.Text(p.Tp1),
                Tp2 = Decimals.Text(p.Tp2),
                Sl = Decimals.Text(p.StopLoss),
                p.OpenedAt,
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (id is null)
            {
                return null;
            }
            var row = await LoadAsync(connection, tx, id.Value, ct).ConfigureAwait(false);
            var fee = feeRate * notional;
            await BookAsync(connection, tx, row, "open", EntrySide(row), p.Entry, p.Quantity, fee, 0m, p.OpenedAt, deposit, ct).ConfigureAwait(false);
            await SetRealizedAsync(connection, tx, row.Id, Decimals.Parse(row.RealizedPnl) - fee, ct).ConfigureAwait(false);
            await StatisticsStore.RecordOpenedAsync(connection, tx, row.UserId, row.Symbol, row.Id, p.OpenedAt, ct).ConfigureAwait(false);
            row = await LoadAsync(connection, tx, row.Id, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return row;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>The DCA add: the planned (lot-rounded) quantity at <paramref name="price"/>; the average entry and margin change.</summary>
    public Task<FillResult> FillDcaAsync(long positionId, decimal price, decimal feeRate, long timeMs, CancellationToken ct) =>
        StepAsync(positionId, "dca", async (connection, tx, row) =>
        {
            var q = Decimals.Parse(row.PlannedDcaQuantity);
            if (q <= 0m)
            {
                return false;
            }
            var fee = feeRate * q * price;
            await BookAsync(connection, tx, row, "dca", EntrySide(row), price, q, fee, 0m, timeMs, null, ct).ConfigureAwait(false);
            var quantity = Decimals.Parse(row.Quantity) + q;
            var notional = Decimals.Parse(row.EntryNotional) + (q * price);
            const string update = """
                UPDATE positions SET quantity = @Quantity, open_quantity = @Open, entry_notional = @Notional, entry_price = @Entry,
                    margin = @Margin, realized_pnl = @Realized
                WHERE id = @Id
                """;
            await connection.ExecuteAsync(new CommandDefinition(update, new
            {
                row.Id,
                Quantity = Decimals.Text(quantity),
                Open = Decimals.Text(Decimals.Parse(row.OpenQuantity) + q),
                Notional = Decimals.Text(notional),
                Entry = Decimals.Text(notional / quantity),
                Margin = Decimals.Text(notional / row.Leverage),
                Realized = Decimals.Text(Decimals.Parse(row.RealizedPnl) - fee),
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>TP1: <paramref name="fraction"/> of the quantity held (rounded down to the lot step) closes at <paramref name="price"/>; the stop moves to this position's breakeven.</summary>
    public Task<FillResult> TakeTp1Async(long positionId, decimal price, decimal fraction, decimal feeRate, long timeMs, CancellationToken ct) =>
        StepAsync(positionId, "tp1", async (connection, tx, row) =>
        {
            var held = Decimals.Parse(row.OpenQuantity);
            var q = Decimals.RoundDown(held * fraction, Decimals.Parse(row.LotStep));
            var realized = Decimals.Parse(row.RealizedPnl);
            if (q > 0m && q < held)
            {
                var pnl = ExitPnl(row, q, price);
                var fee = feeRate * q * price;
                await BookAsync(connection, tx, row, "tp1", ExitSide(row), price, q, fee, pnl, timeMs, null, ct).ConfigureAwait(false);
                realized += pnl - fee;
                held -= q;
            }
            const string update = """
                UPDATE positions SET open_quantity = @Open, realized_pnl = @Realized, stop_price = entry_price, exit_price = @ExitPrice
                WHERE id = @Id
                """;
            await connection.ExecuteAsync(new CommandDefinition(update, new
            {
                row.Id,
                Open = Decimals.Text(held),
                Realized = Decimals.Text(realized),
                ExitPrice = Decimals.Text(price),
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>Everything held closes at <paramref name="price"/>; the position is closed with its net realized PnL.</summary>
    public Task<FillResult> CloseAsync(long positionId, decimal price, string reason, decimal feeRate, long timeMs, CancellationToken ct) =>
        StepAsync(positionId, "close", async (connection, tx, row) =>
        {
            var q = Decimals.Parse(row.OpenQuantity);
            var pnl = ExitPnl(row, q, price);
            var fee = feeRate * q * price;
            await BookAsync(connection, tx, row, "close", ExitSide(row), price, q, fee, pnl, timeMs, null, ct).ConfigureAwait(false);
            const string exits = "SELECT price AS Price, quantity AS Quantity FROM transactions WHERE position_id = @Id AND transaction_type IN ('tp1', 'close')";
            var exitQ = 0m;
            var exitNotional = 0m;
            foreach (var (p, qty) in await connection.QueryAsync<(string Price, string Quantity)>(new CommandDefinition(exits, new { row.Id }, tx, cancellationToken: ct)).ConfigureAwait(false))
            {
                exitQ += Decimals.Parse(qty);
                exitNotional += Decimals.Parse(qty) * Decimals.Parse(p);
            }
            const string update = """
                UPDATE positions SET open_quantity = '0', realized_pnl = @Realized, unrealized_pnl = '0', current_price = @Price,
                    status = 'closed', closed_at = @ClosedAt, exit_reason = @Reason, exit_price = @ExitPrice
                WHERE id = @Id
                """;
            var realized = Decimals.Parse(row.RealizedPnl) + pnl - fee;
            await connection.ExecuteAsync(new CommandDefinition(update, new
            {
                row.Id,
                Realized = Decimals.Text(realized),
                Price = Decimals.Text(price),
                ClosedAt = timeMs,
                Reason = reason,
                ExitPrice = exitQ > 0m ? Decimals.Text(exitNotional / exitQ) : Decimals.Text(price),
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
            var notional = Decimals.Parse(row.EntryNotional);
            await StatisticsStore.RecordPositionClosedAsync(connection, tx, row.UserId, row.Symbol, row.Id, timeMs, realized,
                notional > 0m ? realized / notional : 0m, ct).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>Marks every open position of a symbol to <paramref name="price"/> in one statement (REAL arithmetic: display only).</summary>
    public async Task<int> MarkAsync(string symbol, string interval, double price, CancellationToken ct)
    {
        var sql = $"""
            UPDATE positions
            SET current_price = @Price,
                unrealized_pnl = {connections.Dialect.RoundToText("""
                    (CASE side WHEN 'short' THEN -1.0 ELSE 1.0 END)
                    * (CAST(@Price AS DOUBLE PRECISION) - CAST(entry_price AS DOUBLE PRECISION)) * CAST(open_quantity AS DOUBLE PRECISION)
                    """, 8)}
            WHERE symbol = @Symbol AND interval = @Interval AND status = 'open'
            """;
        // Two concurrent first loads are harmless (both only add).
        var loaded = _markableLoaded ??= LoadMarkableAsync();
        try
        {
            await loaded.ConfigureAwait(false);
        }
        catch
        {
            _markableLoaded = null;
            throw;
        }
        if (!_markable.ContainsKey((symbol, interval)))
        {
            return 0;
        }
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Symbol = symbol,
            Interval = interval,
            Price = Decimals.Text((decimal)price),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task LoadMarkableAsync()
    {
        const string sql = "SELECT DISTINCT symbol AS Symbol, interval AS Interval FROM positions WHERE status = 'open'";
        await using var connection = await connections.OpenAsync().ConfigureAwait(false);
        foreach (var key in await connection.QueryAsync<(string Symbol, string Interval)>(sql).ConfigureAwait(false))
        {
            _markable.TryAdd(key, 0);
        }
    }

    private async Task<FillResult> StepAsync(long positionId, string type, Func<DbConnection, DbTransaction, PositionRow, Task<bool>> step, CancellationToken ct)
    {
        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await connections.Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            // _writer orders this instance's steps; FOR UPDATE (PostgreSQL) orders them with other instances'.
            var row = await connection.QuerySingleOrDefaultAsync<PositionRow>(new CommandDefinition(SelectPosition + connections.Dialect.ForUpdate, new { Id = positionId }, tx, cancellationToken: ct)).ConfigureAwait(false);
            if (row is null || !row.IsOpen
                || await connection.ExecuteScalarAsync<long>(new CommandDefinition(HasTransaction, new { Id = positionId, Type = type }, tx, cancellationToken: ct)).ConfigureAwait(false) > 0
                || !await step(connection, tx, row).ConfigureAwait(false))
            {
                return new FillResult(false, row);
            }
            row = await LoadAsync(connection, tx, positionId, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return new FillResult(true, row);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    private static async Task BookAsync(DbConnection connection, DbTransaction tx, PositionRow row, string type, string side, decimal price, decimal q,
        decimal fee, decimal pnl, long timeMs, decimal? deposit, CancellationToken ct)
    {
        var last = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(LastBalance, new { row.UserId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        var before = last is not null ? Decimals.Parse(last) : deposit ?? 0m;
        await connection.ExecuteAsync(new CommandDefinition(InsertTransaction, new
        {
            row.UserId,
            PositionId = row.Id,
            Type = type,
            row.Symbol,
            Side = side,
            Price = Decimals.Text(price),
            Quantity = Decimals.Text(q),
            Fee = Decimals.Text(fee),
            Pnl = Decimals.Text(pnl),
            Before = Decimals.Text(before),
            After = Decimals.Text(before + pnl - fee),
            CreatedAt = timeMs,
        }, tx, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static Task<int> SetRealizedAsync(DbConnection connection, DbTransaction tx, long id, decimal realized, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("UPDATE positions SET realized_pnl = @Realized WHERE id = @Id",
            new { Id = id, Realized = Decimals.Text(realized) }, tx, cancellationToken: ct));

    private static async Task<PositionRow> LoadAsync(DbConnection connection, DbTransaction tx, long id, CancellationToken ct) =>
        await connection.QuerySingleAsync<PositionRow>(new CommandDefinition(SelectPosition, new { Id = id }, tx, cancellationToken: ct)).ConfigureAwait(false);

    /// <summary><c>d × q × (p − average entry)</c>, the average as Σ q·p / Σ q of the entries (exact to decimal's 28 digits).</summary>
    private static decimal ExitPnl(PositionRow row, decimal q, decimal price) =>
        row.Direction * ((q * price) - (q * Decimals.Parse(row.EntryNotional) / Decimals.Parse(row.Quantity)));

    private static string EntrySide(PositionRow row) => row.Side == "short" ? "sell" : "buy";

    private static string ExitSide(PositionRow row) => row.Side == "short" ? "buy" : "sell";
}
