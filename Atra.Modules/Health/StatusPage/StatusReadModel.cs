using System.Data.Common;
using System.Globalization;
using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Health.StatusPage;

/// <summary>
/// The status page's reads over <c>enhanced_signals</c> (the Signals module's table), in one class so the
/// integrator can repoint it at a <c>Signals.Contracts</c> query once one exists. Only broadcast signals
/// (<c>user_id IS NULL</c>): the page is public and shows no user's data. A missing table reads as empty.
/// </summary>
internal sealed class StatusReadModel(IDbConnectionFactory connections, TimeProvider clock)
{
    private const string LatestSql = """
        SELECT id AS Id, symbol AS Symbol, side AS Side, interval AS Interval, filter_mode AS FilterMode,
               entry_price AS EntryPrice, tp1_price AS Tp1Price, tp2_price AS Tp2Price, sl_price AS SlPrice,
               status AS Status, result AS Result, exit_reason AS ExitReason, profit_pct AS ProfitPct,
               signal_time AS SignalTime, created_at AS CreatedAt, exit_ts AS ExitTs
        FROM enhanced_signals
        WHERE user_id IS NULL
        ORDER BY created_at DESC, id DESC
        LIMIT @limit
        """;

    private const string ForSymbolSql = """
        SELECT id AS Id, symbol AS Symbol, side AS Side, interval AS Interval, filter_mode AS FilterMode,
               entry_price AS EntryPrice, tp1_price AS Tp1Price, tp2_price AS Tp2Price, sl_price AS SlPrice,
               status AS Status, result AS Result, exit_reason AS ExitReason, profit_pct AS ProfitPct,
               signal_time AS SignalTime, created_at AS CreatedAt, exit_ts AS ExitTs
        FROM enhanced_signals
        WHERE user_id IS NULL AND symbol = @symbol AND interval = @interval AND signal_time >= @from
        ORDER BY signal_time
        """;

    internal const string ClosedSql = """
        SELECT exit_ts AS ExitTs, result AS Result, profit_pct AS ProfitPct
        FROM enhanced_signals
        WHERE user_id IS NULL AND result IS NOT NULL AND exit_ts IS NOT NULL AND exit_ts >= @since
        ORDER BY exit_ts
        """;

    private const string SymbolsSql = "SELECT DISTINCT symbol FROM enhanced_signals WHERE user_id IS NULL ORDER BY symbol";

    public async Task<IReadOnlyList<StatusSignal>> LatestAsync(int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return [.. (await connection.QueryAsync<StatusSignal>(new CommandDefinition(LatestSql, new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(s => s.Shown())];
        }
        catch (DbException ex) when (connections.Dialect.IsMissingTable(ex))
        {
            return [];
        }
    }

    public async Task<IReadOnlyList<StatusSignal>> ForSymbolAsync(string symbol, string interval, long fromMs, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return [.. (await connection.QueryAsync<StatusSignal>(new CommandDefinition(ForSymbolSql, new { symbol, interval, from = fromMs }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(s => s.Shown())];
        }
        catch (DbException ex) when (connections.Dialect.IsMissingTable(ex))
        {
            return [];
        }
    }

    public async Task<IReadOnlyList<string>> SymbolsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return [.. await connection.QueryAsync<string>(new CommandDefinition(SymbolsSql, cancellationToken: cancellationToken)).ConfigureAwait(false)];
        }
        catch (DbException ex) when (connections.Dialect.IsMissingTable(ex))
        {
            return [];
        }
    }

    /// <summary>Wins, losses and summed profit (in percent) per UTC day over the last <paramref name="days"/> days.</summary>
    public async Task<StatusPerformance> PerformanceAsync(int days, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(1 - days);
        IReadOnlyList<(long ExitTs, string Result, string? ProfitPct)> rows;
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            rows = [.. await connection.QueryAsync<(long ExitTs, string Result, string? ProfitPct)>(
                new CommandDefinition(ClosedSql, new { since = new DateTimeOffset(since, TimeSpan.Zero).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
        }
        catch (DbException ex) when (connections.Dialect.IsMissingTable(ex))
        {
            rows = [];
        }

        var perDay = new List<StatusDay>();
        int wins = 0, losses = 0, dayWins = 0, dayLosses = 0;
        decimal total = 0, dayProfit = 0;
        DateTime? day = null;
        foreach (var row in rows)
        {
            var rowDay = DateTimeOffset.FromUnixTimeMilliseconds(row.ExitTs).UtcDateTime.Date;
            if (day is { } current && rowDay != current)
            {
                perDay.Add(Day(current, dayWins, dayLosses, dayProfit, total));
                dayWins = dayLosses = 0;
                dayProfit = 0;
            }
            day = rowDay;
            // Stored as a fraction (STRATEGY.md "Profit", round-trip text, so possibly "1E-05"); the page shows percent.
            var profit = decimal.TryParse(row.ProfitPct, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p * 100m : 0m;
            dayProfit += profit;
            total += profit;
            if (string.Equals(row.Result, "win", StringComparison.Ordinal))
            {
                wins++;
                dayWins++;
            }
            else
            {
                losses++;
                dayLosses++;
            }
        }
        if (day is { } last)
        {
            perDay.Add(Day(last, dayWins, dayLosses, dayProfit, total));
        }
        double? winRate = wins + losses == 0 ? null : Math.Round(100d * wins / (wins + losses), 1);
        return new StatusPerformance(days, wins, losses, winRate, total, perDay);
    }

    private static StatusDay Day(DateTime day, int wins, int losses, decimal profit, decimal cumulative) => new(
        day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        new DateTimeOffset(day, TimeSpan.Zero).ToUnixTimeSeconds(),
        wins,
        losses,
        profit,
        cumulative,
        wins + losses == 0 ? 0 : Math.Round(100d * wins / (wins + losses), 1));
}
