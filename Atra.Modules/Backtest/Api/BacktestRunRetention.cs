using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Retention;

namespace Atra.Modules.Backtest.Api;

/// <summary>
/// Prunes finished backtest runs (done or failed) older than the cutoff: each keeps its whole trade list, the
/// largest rows of the database. Queued and running ones are never touched.
/// </summary>
internal sealed class BacktestRunRetention(IDbConnectionFactory connections) : SqlRetentionPolicy(connections)
{
    private const string Sql = """
        DELETE FROM backtest_runs WHERE id IN (
            SELECT id FROM backtest_runs WHERE status IN ('done', 'failed') AND finished_at < @Cutoff LIMIT @Batch)
        """;

    public override string Name => "backtest_runs";

    public override TimeSpan DefaultKeep => TimeSpan.FromDays(90);

    protected override string DeleteSql => Sql;
}
