using System.Globalization;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Dapper;
using Mediator;

namespace Atra.Modules.Signals.Queries;

/// <summary>Reads of <c>enhanced_signals</c> for the API: parameters only, keyset paging on the primary key.</summary>
internal sealed class SignalQueryHandlers(IDbConnectionFactory connections) : IRequestHandler<ListSignals, SignalPage>, IRequestHandler<GetSignal, SignalDto?>
{
    public const int MaxLimit = 200;

    private const string Columns = """
        id, symbol, interval, side, filter_mode, signal_time, entry_price, sl_price, tp1_price, tp2_price, dca_price,
        status, result, exit_reason, exit_price, profit_pct, exit_ts, dca_count, btc_trend_status, anomaly_score,
        whale_impact, news_impact, ml_probability, created_at
        """;

    // Every filter is a parameter that is either null (off) or compared: one statement, one query plan.
    private const string ListSql = $"""
        SELECT {Columns} FROM enhanced_signals
        WHERE user_id IS NULL
          AND (@Symbol IS NULL OR symbol = @Symbol)
          AND (@Side IS NULL OR side = @Side)
          AND (@Status IS NULL OR status = @Status)
          AND (@FromMs IS NULL OR signal_time >= @FromMs)
          AND (@ToMs IS NULL OR signal_time < @ToMs)
          AND (@BeforeId IS NULL OR id < @BeforeId)
        ORDER BY id DESC
        LIMIT @Take
        """;

    private const string GetSql = $"SELECT {Columns} FROM enhanced_signals WHERE id = @Id AND user_id IS NULL";

    private static readonly string[] Sides = ["long", "short"];
    private static readonly string[] Statuses = ["open", "tp1_hit", "closed"];

    public async ValueTask<SignalPage> Handle(ListSignals request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit: must be between 1 and {MaxLimit}."];
        }
        if (request.Side is not null && !Sides.Contains(request.Side))
        {
            errors["side"] = ["side: must be long or short."];
        }
        if (request.Status is not null && !Statuses.Contains(request.Status))
        {
            errors["status"] = ["status: must be open, tp1_hit or closed."];
        }
        if (request.Symbol is not null && (request.Symbol.Length is 0 or > 30 || !request.Symbol.All(char.IsAsciiLetterOrDigit)))
        {
            errors["symbol"] = ["symbol: letters and digits only, at most 30 (e.g. BTCUSDT)."];
        }
        if (request.From is { } from && request.To is { } to && from >= to)
        {
            errors["from"] = ["from: must be before to."];
        }
        if (request.BeforeId is <= 0)
        {
            errors["before_id"] = ["before_id: must be a positive signal id."];
        }
        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid input", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<SignalRow>(new CommandDefinition(ListSql, new
        {
            Symbol = request.Symbol?.ToUpperInvariant(),
            request.Side,
            request.Status,
            FromMs = request.From?.ToUnixTimeMilliseconds(),
            ToMs = request.To?.ToUnixTimeMilliseconds(),
            request.BeforeId,
            Take = request.Limit + 1,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var more = rows.Count > request.Limit;
        var items = rows.Take(request.Limit).Select(ToDto).ToList();
        return new SignalPage(items, more ? items[^1].Id : null);
    }

    public async ValueTask<SignalDto?> Handle(GetSignal request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SignalRow>(new CommandDefinition(GetSql, new { request.Id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : ToDto(row);
    }

    private static SignalDto ToDto(SignalRow r) => new(
        r.Id, r.Symbol, r.Interval, r.Side, r.Filter_Mode, DateTimeOffset.FromUnixTimeMilliseconds(r.Signal_Time),
        Money(r.Entry_Price)!.Value, Money(r.Sl_Price)!.Value, Money(r.Tp1_Price)!.Value, Money(r.Tp2_Price)!.Value, Money(r.Dca_Price),
        r.Status, r.Result, r.Exit_Reason, Money(r.Exit_Price), Money(r.Profit_Pct),
        r.Exit_Ts is { } exit ? DateTimeOffset.FromUnixTimeMilliseconds(exit) : null,
        (int)r.Dca_Count, r.Btc_Trend_Status, r.Anomaly_Score, r.Whale_Impact, r.News_Impact, r.Ml_Probability,
        DateTimeOffset.FromUnixTimeMilliseconds(r.Created_At));

    // Stored as invariant decimal text; the lifecycle writes profit_pct as a double's round-trip text.
    private static decimal? Money(string? text) =>
        text is null ? null : decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

#pragma warning disable CA1707, IDE1006 // Dapper maps snake_case columns by name.
    private sealed class SignalRow
    {
        public long Id { get; init; }
        public string Symbol { get; init; } = "";
        public string Interval { get; init; } = "";
        public string Side { get; init; } = "";
        public string Filter_Mode { get; init; } = "";
        public long Signal_Time { get; init; }
        public string? Entry_Price { get; init; }
        public string? Sl_Price { get; init; }
        public string? Tp1_Price { get; init; }
        public string? Tp2_Price { get; init; }
        public string? Dca_Price { get; init; }
        public string Status { get; init; } = "";
        public string? Result { get; init; }
        public string? Exit_Reason { get; init; }
        public string? Exit_Price { get; init; }
        public string? Profit_Pct { get; init; }
        public long? Exit_Ts { get; init; }
        public long Dca_Count { get; init; }
        public string Btc_Trend_Status { get; init; } = "unknown";
        public double? Anomaly_Score { get; init; }
        public double? Whale_Impact { get; init; }
        public double? News_Impact { get; init; }
        public double? Ml_Probability { get; init; }
        public long Created_At { get; init; }
    }
#pragma warning restore CA1707, IDE1006
}
