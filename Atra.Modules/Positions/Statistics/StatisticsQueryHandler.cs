using System.Globalization;
using Atra.Modules.Positions.Contracts;
using Atra.Modules.Positions.Ledger;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Mediator;

namespace Atra.Modules.Positions.Statistics;

/// <summary>
/// Sums <c>signal_statistics</c> rows over a range of days. The Sharpe ratio of a bucket is recomputed from its
/// daily profit sums (zero-filled from its first to its last day with a close); a day's Sharpe is the stored one
/// (up to that day).
/// </summary>
internal sealed class StatisticsQueryHandler(IDbConnectionFactory connections) : IRequestHandler<GetStatisticsQuery, StatisticsDto>
{
    private const string RowsSql = "SELECT " + StatisticsRow.Columns + """
         FROM signal_statistics
        WHERE coalesce(user_id, 0) = @UserKey
          AND (@From IS NULL OR date >= @From)
          AND (@To IS NULL OR date <= @To)
          AND (@Symbol IS NULL OR symbol = @Symbol OR symbol = '*')
        ORDER BY date
        """;

    private const string OpenSql = "SELECT COUNT(*) FROM positions WHERE status = 'open' AND (@UserId IS NULL OR user_id = @UserId) AND (@Symbol IS NULL OR symbol = @Symbol)";

    public async ValueTask<StatisticsDto> Handle(GetStatisticsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Symbol is not null && (request.Symbol.Length is 0 or > 30 || !request.Symbol.All(char.IsAsciiLetterOrDigit)))
        {
            errors["symbol"] = ["symbol: letters and digits only, at most 30 (e.g. BTCUSDT)."];
        }
        if (request.From is { } f && request.To is { } t && f > t)
        {
            errors["from"] = ["from: must not be after to."];
        }
        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid input", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }
        var symbol = request.Symbol?.ToUpperInvariant();
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<StatisticsRow>(new CommandDefinition(RowsSql, new
        {
            UserKey = request.UserId ?? 0,
            From = request.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = request.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Symbol = symbol,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var open = await connection.ExecuteScalarAsync<long>(new CommandDefinition(OpenSql, new { request.UserId, Symbol = symbol }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        // The headline bucket: the symbol's rows when one is asked for, else the all-symbols rows.
        var key = symbol ?? StatisticsStore.AllSymbols;
        var headline = rows.Where(r => r.Symbol == key).ToList();
        var bySymbol = rows.Where(r => r.Symbol != StatisticsStore.AllSymbols)
            .GroupBy(r => r.Symbol, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Sum(g.Key, null, [.. g], request.UserId is not null))
            .ToList();
        var byDay = headline.Select(r => Sum(symbol, Date(r.Date), [r], request.UserId is not null) with { SharpeRatio = r.SharpeRatio }).ToList();
        return new StatisticsDto(request.UserId, symbol, request.From, request.To, Sum(symbol, null, headline, request.UserId is not null), (int)open, bySymbol, byDay);
    }

    private static StatisticsFigures Sum(string? symbol, DateOnly? date, IReadOnlyList<StatisticsRow> rows, bool withPnl)
    {
        long total = 0, accepted = 0, closed = 0, profitable = 0;
        var profit = 0m;
        var pnl = 0m;
        var days = new List<(DateOnly, double)>();
        foreach (var r in rows)
        {
            total += r.TotalSignals;
            accepted += r.AcceptedSignals;
            closed += r.ClosedSignals;
            profitable += r.ProfitableSignals;
            var p = Decimals.Parse(r.ProfitSum);
            profit += p;
            pnl += Decimals.ParseOptional(r.Pnl) ?? 0m;
            if (r.ClosedSignals > 0)
            {
                days.Add((Date(r.Date), (double)p));
            }
        }
        return new StatisticsFigures(symbol, date, (int)total, (int)accepted, (int)closed, (int)profitable,
            closed > 0 ? (double)profitable / closed : null,
            closed > 0 ? profit / closed : null,
            SharpeRatio.Annualised(SharpeRatio.ZeroFilled(days)),
            withPnl ? pnl : null);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
