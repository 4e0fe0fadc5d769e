using System.Data.Common;
using System.Globalization;
using Atra.Modules.Positions.Ledger;
using Dapper;

namespace Atra.Modules.Positions.Statistics;

/// <summary>
/// Maintains <c>signal_statistics</c>: one row per UTC day, user (null = every broadcast signal) and symbol
/// ('*' = all symbols). Every counter moves at most once per event (<c>position_stat_events</c> keys), inside the
/// caller's transaction. Signal rows: total on the day a signal is generated, accepted on the day a position opens,
/// closed/profitable/profit on the day the signal closes (profit = its profit_pct). User rows: total and accepted
/// on the day the user's position opens, closed/profitable/profit/PnL on the day it closes (profit = net realized
/// PnL / entry notional). win_rate, avg_profit and sharpe_ratio (up to that day) are rewritten with each close.
/// </summary>
internal static class StatisticsStore
{
    public const string AllSymbols = "*";

    private const string Select = "SELECT " + StatisticsRow.Columns + " FROM signal_statistics WHERE date = @Date AND coalesce(user_id, 0) = @UserKey AND symbol = @Symbol";

    private const string Insert = "INSERT INTO signal_statistics (date, user_id, symbol) VALUES (@Date, @UserId, @Symbol) RETURNING id";

    private const string MarkEvent = "INSERT INTO position_stat_events (event_key, created_at) VALUES (@Key, @At) ON CONFLICT DO NOTHING";

    public static string Day(long timeMs) => DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task RecordGeneratedAsync(DbConnection c, DbTransaction tx, long signalId, string symbol, long timeMs, CancellationToken ct)
    {
        if (!await FirstTimeAsync(c, tx, $"generated:{signalId}", timeMs, ct).ConfigureAwait(false))
        {
            return;
        }
        foreach (var s in new[] { AllSymbols, symbol })
        {
            await ChangeAsync(c, tx, Day(timeMs), null, s, "total_signals = total_signals + 1", ct).ConfigureAwait(false);
        }
    }

    public static async Task RecordOpenedAsync(DbConnection c, DbTransaction tx, long userId, string symbol, long positionId, long timeMs, CancellationToken ct)
    {
        if (!await FirstTimeAsync(c, tx, $"opened:{positionId}", timeMs, ct).ConfigureAwait(false))
        {
            return;
        }
        var day = Day(timeMs);
        foreach (var s in new[] { AllSymbols, symbol })
        {
            await ChangeAsync(c, tx, day, null, s, "accepted_signals = accepted_signals + 1", ct).ConfigureAwait(false);
            await ChangeAsync(c, tx, day, userId, s, "total_signals = total_signals + 1, accepted_signals = accepted_signals + 1", ct).ConfigureAwait(false);
        }
    }

    public static async Task RecordSignalClosedAsync(DbConnection c, DbTransaction tx, long signalId, string symbol, long timeMs, decimal profitPct, CancellationToken ct)
    {
        if (await FirstTimeAsync(c, tx, $"signal_closed:{signalId}", timeMs, ct).ConfigureAwait(false))
        {
            await RecordCloseAsync(c, tx, null, symbol, timeMs, profitPct, null, ct).ConfigureAwait(false);
        }
    }

    public static async Task RecordPositionClosedAsync(DbConnection c, DbTransaction tx, long userId, string symbol, long positionId, long timeMs, decimal pnl, decimal profitPct, CancellationToken ct)
    {
        if (await FirstTimeAsync(c, tx, $"position_closed:{positionId}", timeMs, ct).ConfigureAwait(false))
        {
            await RecordCloseAsync(c, tx, userId, symbol, timeMs, profitPct, pnl, ct).ConfigureAwait(false);
        }
    }

    private static async Task RecordCloseAsync(DbConnection c, DbTransaction tx, long? userId, string symbol, long timeMs, decimal profitPct, decimal? pnl, CancellationToken ct)
    {
        var day = Day(timeMs);
        foreach (var s in new[] { AllSymbols, symbol })
        {
            var row = await GetOrCreateAsync(c, tx, day, userId, s, ct).ConfigureAwait(false);
            var closed = row.ClosedSignals + 1;
            var profitable = row.ProfitableSignals + (profitPct > 0m ? 1 : 0);
            var sum = Decimals.Parse(row.ProfitSum) + profitPct;
            var newPnl = pnl is { } p ? (Decimals.ParseOptional(row.Pnl) ?? 0m) + p : Decimals.ParseOptional(row.Pnl);
            const string update = """
                UPDATE signal_statistics SET closed_signals = @Closed, profitable_signals = @Profitable, profit_sum = @Sum, pnl = @Pnl,
                    win_rate = @WinRate, avg_profit = @Avg
                WHERE id = @Id
                """;
            await c.ExecuteAsync(new CommandDefinition(update, new
            {
                row.Id,
                Closed = closed,
                Profitable = profitable,
                Sum = Decimals.Text(sum),
                Pnl = Decimals.Text(newPnl),
                WinRate = (double)profitable / closed,
                Avg = Decimals.Text(sum / closed),
            }, tx, cancellationToken: ct)).ConfigureAwait(false);

            // Sharpe up to this day over this key's daily profit sums.
            const string history = """
                SELECT date AS Date, profit_sum AS ProfitSum FROM signal_statistics
                WHERE coalesce(user_id, 0) = @UserKey AND symbol = @Symbol AND date <= @Date AND closed_signals > 0
                ORDER BY date
                """;
            var days = (await c.QueryAsync<(string Date, string ProfitSum)>(new CommandDefinition(history, new { UserKey = userId ?? 0, Symbol = s, Date = day }, tx, cancellationToken: ct)).ConfigureAwait(false))
                .Select(d => (DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), (double)Decimals.Parse(d.ProfitSum)))
                .ToList();
            await c.ExecuteAsync(new CommandDefinition("UPDATE signal_statistics SET sharpe_ratio = @Sharpe WHERE id = @Id",
                new { row.Id, Sharpe = SharpeRatio.Annualised(SharpeRatio.ZeroFilled(days)) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }
    }

    private static async Task<bool> FirstTimeAsync(DbConnection c, DbTransaction tx, string key, long timeMs, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(MarkEvent, new { Key = key, At = timeMs }, tx, cancellationToken: ct)).ConfigureAwait(false) == 1;

    private static async Task ChangeAsync(DbConnection c, DbTransaction tx, string day, long? userId, string symbol, string assignments, CancellationToken ct)
    {
        var row = await GetOrCreateAsync(c, tx, day, userId, symbol, ct).ConfigureAwait(false);
        // The assignments are one of this class's constant strings, never input.
        await c.ExecuteAsync(new CommandDefinition("UPDATE signal_statistics SET " + assignments + " WHERE id = @Id", new { row.Id }, tx, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static async Task<StatisticsRow> GetOrCreateAsync(DbConnection c, DbTransaction tx, string day, long? userId, string symbol, CancellationToken ct)
    {
        var args = new { Date = day, UserKey = userId ?? 0, UserId = userId, Symbol = symbol };
        var row = await c.QuerySingleOrDefaultAsync<StatisticsRow>(new CommandDefinition(Select, args, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (row is not null)
        {
            return row;
        }
        await c.ExecuteAsync(new CommandDefinition(Insert, args, tx, cancellationToken: ct)).ConfigureAwait(false);
        return await c.QuerySingleAsync<StatisticsRow>(new CommandDefinition(Select, args, tx, cancellationToken: ct)).ConfigureAwait(false);
    }
}
