using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.MLOps.Api;

/// <summary>The <c>mlops_jobs</c> table: API retrains, queued → running → done|failed.</summary>
internal sealed class MLOpsJobStore(IDbConnectionFactory connections, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO mlops_jobs (kind, status, request, requested_by, created_at) VALUES ('retrain', 'queued', @Request, @RequestedBy, @Now)
        RETURNING id;
        """;

    private const string GetSql = """
        SELECT id AS Id, status AS Status, request AS Request, created_at AS CreatedAt, started_at AS StartedAt,
            finished_at AS FinishedAt, error AS Error, result AS Result
        FROM mlops_jobs WHERE id = @Id
        """;

    private const string ActiveSql = "SELECT count(*) FROM mlops_jobs WHERE status IN ('queued', 'running')";

    // Compare-and-set: a job queued twice (recovery racing a new start) runs once.
    private const string StartSql = "UPDATE mlops_jobs SET status = 'running', started_at = @Now WHERE id = @Id AND status = 'queued'";

    private const string DoneSql = "UPDATE mlops_jobs SET status = 'done', finished_at = @Now, result = @Result WHERE id = @Id";

    private const string FailSql = "UPDATE mlops_jobs SET status = 'failed', finished_at = @Now, error = @Error WHERE id = @Id";

    private const string InterruptedSql = "UPDATE mlops_jobs SET status = 'failed', finished_at = @Now, error = 'Interrupted by a restart of the service.' WHERE status = 'running'";

    private const string QueuedSql = "SELECT id FROM mlops_jobs WHERE status = 'queued' ORDER BY id";

    public async Task<long> InsertAsync(string? request, long requestedBy, CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new { Request = request, RequestedBy = requestedBy, Now = Now() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<MLOpsJobRow?> GetAsync(long id, CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<MLOpsJobRow>(new CommandDefinition(GetSql, new { Id = id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<long> ActiveCountAsync(CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(ActiveSql, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> TryStartAsync(long id, CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(StartSql, new { Id = id, Now = Now() }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    public async Task CompleteAsync(long id, string result, CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(DoneSql, new { Id = id, Now = Now(), Result = result }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task FailAsync(long id, string error, CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(FailSql, new { Id = id, Now = Now(), Error = error }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>At start: a job that was running when the process stopped failed; queued ones are returned to run now.</summary>
    public async Task<IReadOnlyList<long>> RecoverAsync(CancellationToken ct)
    {
        await using var c = await connections.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(InterruptedSql, new { Now = Now() }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. await c.QueryAsync<long>(new CommandDefinition(QueuedSql, cancellationToken: ct)).ConfigureAwait(false)];
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>A row of <c>mlops_jobs</c>.</summary>
internal sealed class MLOpsJobRow
{
    public long Id { get; init; }
    public string Status { get; init; } = "";
    public string? Request { get; init; }
    public long CreatedAt { get; init; }
    public long? StartedAt { get; init; }
    public long? FinishedAt { get; init; }
    public string? Error { get; init; }
    public string? Result { get; init; }
}
