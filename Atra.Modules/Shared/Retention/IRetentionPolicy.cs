namespace Atra.Modules.Shared.Retention;

/// <summary>
/// One kind of row that only grows (sent outbox messages, expired refresh tokens, finished backtest runs …), pruned
/// by the module that owns its table: the module registers its policy, <see cref="RetentionWorker"/> runs them all.
/// How long rows are kept is <c>Retention:Keep:&lt;Name&gt;</c>, else <see cref="DefaultKeep"/>.
/// </summary>
public interface IRetentionPolicy
{
    /// <summary>The key under <c>Retention:Keep</c> and the <c>table</c> label of the metric, e.g. <c>telegram_outbox</c>.</summary>
    string Name { get; }

    /// <summary>How long a row is kept when the settings do not say.</summary>
    TimeSpan DefaultKeep { get; }

    /// <summary>Deletes at most <paramref name="batchSize"/> prunable rows older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}
