using System.Globalization;
using System.Text.Json;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Store;
using Dapper;
using Mediator;

namespace Atra.Modules.Signals.Queries;

/// <summary>Closed signals with their stored feature vectors, for training (MLOps).</summary>
internal sealed class ClosedSignalsHandler(IDbConnectionFactory connections) : IRequestHandler<ListClosedSignals, IReadOnlyList<ClosedSignal>>
{
    private const string Sql = """
        SELECT id AS Id, symbol AS Symbol, side AS Side, filter_mode AS FilterMode, signal_time AS SignalTime, exit_ts AS ExitTs,
            entry_price AS EntryPrice, profit_pct AS ProfitPct, exit_reason AS ExitReason, features AS Features
        FROM enhanced_signals
        WHERE user_id IS NULL AND status = 'closed' AND interval = @Interval AND exit_ts IS NOT NULL AND profit_pct IS NOT NULL
          AND exit_ts < @ToMs AND (@FromMs IS NULL OR signal_time >= @FromMs)
        ORDER BY signal_time, symbol
        """;

    public async ValueTask<IReadOnlyList<ClosedSignal>> Handle(ListClosedSignals request, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { request.Interval, request.FromMs, request.ToMs }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var result = new List<ClosedSignal>();
        foreach (var r in rows)
        {
            result.Add(new ClosedSignal(
                r.Id, r.Symbol, TradeSideText.ParseSide(r.Side), r.FilterMode == "strict" ? FilterMode.Strict : FilterMode.Soft,
                r.SignalTime, r.ExitTs, SignalStore.ParsePrice(r.EntryPrice),
                double.Parse(r.ProfitPct, NumberStyles.Float, CultureInfo.InvariantCulture), r.ExitReason ?? "", SignalStore.ParseFeatures(r.Features)));
        }
        return result;
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string Symbol { get; init; } = "";
        public string Side { get; init; } = "";
        public string FilterMode { get; init; } = "";
        public long SignalTime { get; init; }
        public long ExitTs { get; init; }
        public string EntryPrice { get; init; } = "";
        public string ProfitPct { get; init; } = "";
        public string? ExitReason { get; init; }
        public string Features { get; init; } = "{}";
    }
}
