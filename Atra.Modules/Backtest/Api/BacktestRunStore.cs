using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Backtest.Api;

/// <summary>The <c>backtest_runs</c> table.</summary>
internal sealed class BacktestRunStore(IDbConnectionFactory connections, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO backtest_runs (status, symbols, interval, from_ms, to_ms, requested_by, created_at)
        VALUES ('queued', @Symbols, @Interval, @FromMs, @ToMs, @RequestedBy, @CreatedAt)
        RETURNING id;
        """;

    private const string ActiveCountSql = "SELECT count(*) FROM backtest_runs WHERE status IN ('queued', 'running')";

    private const string GetSql = """
        SELECT id AS Id, status AS Status, symbols AS Symbols, interval AS Interval, from_ms AS FromMs, to_ms AS ToMs,
            created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt, error AS Error, summary AS Summary,
            trades AS Trades, trade_count AS TradeCount
        FROM backtest_runs WHERE id = @Id
        """;

    // Compare-and-set: a run queued twice (restart recovery racing a new start) still runs once.
    private const string StartSql = "UPDATE backtest_runs SET status = 'running', started_at = @Now WHERE id = @Id AND status = 'queued'";

    private const string DoneSql = """
        UPDATE backtest_runs SET status = 'done', finished_at = @Now, summary = @Summary, trades = @Trades, trade_count = @TradeCount
        WHERE id = @Id
        """;

    private const string FailSql = "UPDATE backtest_runs SET status = 'failed', finished_at = @Now, error = @Error WHERE id = @Id";

    private const string InterruptedSql = """
        UPDATE backtest_runs SET status = 'failed', finished_at = @Now, error = 'Interrupted by a restart of the service.'
        WHERE status = 'running'
        """;

    private const string QueuedSql = "SELECT id FROM backtest_runs WHERE status = 'queued' ORDER BY id";

    public async Task<long> InsertAsync(string? symbols, string interval, long? fromMs, long? toMs, long requestedBy, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            Symbols = symbols,
            Interval = interval,
            FromMs = fromMs,
            ToMs = toMs,
            RequestedBy = requestedBy,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<long> ActiveCountAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(ActiveCountSql, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<BacktestRunRow?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<BacktestRunRow>(new CommandDefinition(GetSql, new { Id = id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> TryStartAsync(long id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(StartSql, new { Id = id, Now = Now() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    public async Task CompleteAsync(long id, string summary, string trades, int tradeCount, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(DoneSql, new { Id = id, Now = Now(), Summary = summary, Trades = trades, TradeCount = tradeCount }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task FailAsync(long id, string error, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(FailSql, new { Id = id, Now = Now(), Error = error }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>After a restart: a run that was running is failed (its work is lost); queued runs are returned to run.</summary>
    public async Task<IReadOnlyList<long>> RecoverAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(InterruptedSql, new { Now = Now() }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. await connection.QueryAsync<long>(new CommandDefinition(QueuedSql, cancellationToken: ct)).ConfigureAwait(false)];
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
