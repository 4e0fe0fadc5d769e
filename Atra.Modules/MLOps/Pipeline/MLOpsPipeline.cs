using System.Diagnostics;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.MLOps.Serving;
using Atra.Modules.MLOps.Training;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MLOps.Pipeline;

/// <summary>
/// The MLOps loop, one method per action of <c>atra mlops</c> (the API and the automation worker call the same ones):
/// baseline, drift, retrain (train → register as challenger → gate → promote), full (drift → retrain when needed →
/// gate → promote), promote and rollback. Every alias move goes through the registry's audit log.
/// </summary>
internal sealed class MLOpsPipeline(
    RowSource rows,
    ModelRegistry registry,
    ChampionModel champion,
    IOptions<MLOpsOptions> options,
    IOptions<SignalsSettings> signals,
    TimeProvider clock)
{
    public const string BaselineFile = "baseline.json";
    public const string DriftFile = "drift-latest.json";

    private MLOpsOptions O => options.Value;

    private double Soft => signals.Value.Soft.MlMin;

    private double Strict => signals.Value.Strict.MlMin;

    public async Task<BaselineOutcome> BaselineAsync(RowQuery query, string actor, IProgress<string>? progress, CancellationToken ct)
    {
        var set = await rows.LoadAsync(query with { ClosedOnly = false }, progress, ct).ConfigureAwait(false);
        if (set.Count < DriftDetector.MinSample)
        {
            throw new MLOpsInputException($"only {set.Count} closed signals in {set.Source}: a baseline needs at least {DriftDetector.MinSample}");
        }
        var baseline = DriftDetector.BaselineOf(set, clock.GetUtcNow(), query.FromMs, query.ToMs);
        registry.WriteDocument(BaselineFile, baseline);
        registry.Record(new AuditEntry(clock.GetUtcNow(), "baseline", null, null, null, $"{set.Count} rows from {set.Source} (rows {set.Hash[..12]})", actor));
        return new BaselineOutcome(set.Count, set.Hash, set.Source, baseline.Features.ToDictionary(p => p.Key, p => p.Value.Length, StringComparer.Ordinal));
    }

    public async Task<DriftReport> DriftAsync(RowQuery query, IProgress<string>? progress, CancellationToken ct)
    {
        var baseline = registry.ReadDocument<Baseline>(BaselineFile)
            ?? throw new MLOpsInputException("no drift baseline yet: run atra mlops --action baseline first");
        if (baseline.SchemaHash != FeatureSchema.Hash)
        {
            throw new MLOpsInputException("the drift baseline was taken under another feature schema: run atra mlops --action baseline again");
        }
        var set = await rows.LoadAsync(query with { ClosedOnly = false }, progress, ct).ConfigureAwait(false);
        if (query.DataDirectory is not null)
        {
            set = ScoreWithChampion(set);
        }
        var report = DriftDetector.Compare(baseline, set, O.DriftAlpha, O.ConceptDriftWindow, clock.GetUtcNow());
        registry.WriteDocument(DriftFile, report);
        Publish(report);
        return report;
    }

    public async Task<RetrainOutcome> RetrainAsync(RowQuery query, string actor, IProgress<string>? progress, CancellationToken ct)
    {
        var set = await rows.LoadAsync(query, progress, ct).ConfigureAwait(false);
        return Retrain(set, query, actor, progress, ct);
    }

    public async Task<FullOutcome> FullAsync(RowQuery query, string actor, IProgress<string>? progress, CancellationToken ct)
    {
        // One backtest for both: the drift sample is every trade, training only the closed ones (the same rows as retrain's).
        var all = await rows.LoadAsync(query with { ClosedOnly = false }, progress, ct).ConfigureAwait(false);
        var set = all.Rows.All(r => r.Closed) ? all : new RowSet(all.Rows.Where(r => r.Closed), all.Source);
        DriftReport? report = null;
        var baseline = registry.ReadDocument<Baseline>(BaselineFile);
        if (baseline is not null && baseline.SchemaHash == FeatureSchema.Hash)
        {
            report = DriftDetector.Compare(baseline, query.DataDirectory is null ? all : ScoreWithChampion(all), O.DriftAlpha, O.ConceptDriftWindow, clock.GetUtcNow());
            registry.WriteDocument(DriftFile, report);
            Publish(report);
        }
        var trigger = RetrainTrigger(set, report);
        if (trigger is null)
        {
            return new FullOutcome(report?.Drift == true, report, false, "none: no drift, the champion is young enough and too few new outcomes", null);
        }
        progress?.Report($"retraining: {trigger}");
        var retrain = Retrain(set, query, actor, progress, ct);
        return new FullOutcome(report?.Drift == true, report, true, trigger, retrain);
    }

    /// <summary>Why the loop should retrain now (null: it should not).</summary>
    public string? RetrainTrigger(RowSet set, DriftReport? report)
    {
        champion.Refresh();
        var card = champion.Card;
        if (card is null)
        {
            return champion.LoadError is { } error ? $"the champion cannot serve ({error})" : "no champion yet";
        }
        if (report?.Drift == true)
        {
            return "drift found";
        }
        var age = clock.GetUtcNow() - card.CreatedAt;
        if (age > O.MaxModelAge)
        {
            return $"champion v{card.Version} is {age.TotalDays:F1} days old (MLOps:MaxModelAge {O.MaxModelAge.TotalDays:F1})";
        }
        var fresh = set.Rows.Count(r => r.SignalTimeMs > card.TrainedThroughMs);
        if (fresh >= O.RetrainAfterNewOutcomes)
        {
            return $"{fresh} new outcomes since champion v{card.Version}'s training window (MLOps:RetrainAfterNewOutcomes {O.RetrainAfterNewOutcomes})";
        }
        return null;
    }

    public AliasOutcome Promote(int version, string actor)
    {
        var card = registry.ReadCard(version) ?? throw new MLOpsInputException($"--version: {version} is not in the registry");
        champion.Refresh(force: true);
        if (champion.Card?.Version == version)
        {
            return new AliasOutcome("promote", version, version, registry.ReadAliases().Previous, false, $"v{version} is already the champion");
        }
        var (model, _) = registry.Load(version);
        var decision = PromotionGate.Decide(registry.ReadEvaluation(version), champion.Model, champion.Card, O, Soft, Strict);
        if (!decision.Accepted)
        {
            registry.Record(new AuditEntry(clock.GetUtcNow(), "refuse", "champion", champion.Card?.Version, version, decision.Reason, actor));
            var a = registry.ReadAliases();
            return new AliasOutcome("promote", version, a.Champion, a.Previous, false, decision.Reason);
        }
        var aliases = MakeChampion(card, model, "promote", decision.Reason, actor);
        return new AliasOutcome("promote", version, aliases.Champion, aliases.Previous, true, decision.Reason);
    }

    /// <summary>Back to <paramref name="version"/> (an earlier champion) or, without one, to the champion before the current one.</summary>
    public AliasOutcome Rollback(int? version, string actor)
    {
        var aliases = registry.ReadAliases();
        var target = version ?? aliases.Previous ?? throw new MLOpsInputException("no previous champion to roll back to");
        if (!aliases.Champions.Contains(target))
        {
            throw new MLOpsInputException($"--version: v{target} was never champion; rollback only returns to an earlier champion ({string.Join(", ", aliases.Champions.Select(v => "v" + v))})");
        }
        if (aliases.Champion == target)
        {
            return new AliasOutcome("rollback", target, target, aliases.Previous, false, $"v{target} is already the champion");
        }
        var (model, card) = registry.Load(target);
        var next = registry.Move(current =>
        {
            // The previous alias walks back along the champion history, so repeated rollbacks keep going back.
            var index = current.Champions.ToList().LastIndexOf(target);
            var before = index > 0 ? current.Champions[index - 1] : (int?)null;
            return (current with { Champion = target, Previous = before },
                new AuditEntry(clock.GetUtcNow(), "rollback", "champion", current.Champion, target, $"rolled back from v{current.Champion} to v{target}", actor));
        });
        champion.Swap(model, card);
        return new AliasOutcome("rollback", target, next.Champion, next.Previous, true, $"rolled back to v{target}");
    }

    private RetrainOutcome Retrain(RowSet set, RowQuery query, string actor, IProgress<string>? progress, CancellationToken ct)
    {
        var clockStart = Stopwatch.StartNew();
        // The same rows and settings train the same model: re-running on unchanged data adds no version.
        var existing = registry.List().LastOrDefault(c => c.Rows.Hash == set.Hash && c.Seed == O.Seed && c.Folds == O.Folds
            && c.Embargo == O.Embargo && c.SchemaHash == FeatureSchema.Hash && c.MlNetVersion == ModelCard.CurrentMlNetVersion);
        if (existing is not null)
        {
            progress?.Report($"v{existing.Version} was already trained on these rows ({set.Hash[..12]}); no new version");
            var promoted = champion.Card?.Version == existing.Version;
            var reason = promoted ? $"v{existing.Version} is already the champion" : LastRefusal(existing.Version) ?? $"v{existing.Version} is not the champion";
            return Outcome(existing, promoted, reason, newVersion: false, clockStart);
        }

        var settings = new TrainingSettings(O.Folds, O.Embargo, O.Seed, Soft, Strict, O.TrainingThreads > 0 ? O.TrainingThreads : Environment.ProcessorCount, O.BootstrapResamples);
        var result = ModelTrainer.Train(set, settings, progress, ct);
        var card = registry.Register(result, O, query.FromMs, query.ToMs, actor);
        progress?.Report($"registered v{card.Version} ({card.Trainer}, fingerprint {card.Fingerprint[..12]})");
        champion.Refresh();
        var decision = PromotionGate.Decide(registry.ReadEvaluation(card.Version), champion.Model, champion.Card, O, Soft, Strict);
        if (decision.Accepted)
        {
            var (model, _) = registry.Load(card.Version);
            MakeChampion(card, model, "promote", decision.Reason, actor);
            // Drift is measured against what the serving champion learned from.
            registry.WriteDocument(BaselineFile, DriftDetector.BaselineOf(set, clock.GetUtcNow(), query.FromMs, query.ToMs));
        }
        else
        {
            registry.Record(new AuditEntry(clock.GetUtcNow(), "refuse", "champion", champion.Card?.Version, card.Version, decision.Reason, actor));
        }
        return Outcome(card, decision.Accepted, decision.Reason, newVersion: true, clockStart);
    }

    private Aliases MakeChampion(ModelCard card, ScoringModel model, string action, string reason, string actor)
    {
        var next = registry.Move(current => (current with
        {
            Champion = card.Version,
            Previous = current.Champion ?? current.Previous,
            Challenger = current.Challenger == card.Version ? null : current.Challenger,
            Champions = current.Champions.Contains(card.Version) ? current.Champions : [.. current.Champions, card.Version],
        }, new AuditEntry(clock.GetUtcNow(), action, "champion", current.Champion, card.Version, reason, actor)));
        champion.Swap(model, card);
        return next;
    }

    private string? LastRefusal(int version) =>
        registry.Audit().LastOrDefault(e => e.Action == "refuse" && e.ToVersion == version)?.Reason;

    private static RetrainOutcome Outcome(ModelCard card, bool promoted, string reason, bool newVersion, Stopwatch clock) => new(
        card.Version, card.Fingerprint, card.Candidates, card.Trainer, promoted, reason, card.Rows.Count, card.Rows.Hash, card.Quality, newVersion,
        (long)clock.Elapsed.TotalMilliseconds);

    /// <summary>
    /// Backtest rows carry no model probability; for concept drift each is scored by the champion, and those it would
    /// have kept (at the soft threshold) count as the filtered signals.
    /// </summary>
    private RowSet ScoreWithChampion(RowSet set)
    {
        champion.Refresh();
        if (champion.Model is not { } model)
        {
            return set;
        }
        var p = model.Probabilities([.. set.Rows.Select(r => r.Features)]);
        var scored = new List<TrainingRow>(set.Count);
        for (var i = 0; i < set.Count; i++)
        {
            scored.Add(set.Rows[i] with { MlProbability = p[i] >= Soft ? p[i] : double.NaN });
        }
        return new RowSet(scored, set.Source);
    }

    /// <summary>
    /// At start: loads the champion (its version and age go on /metrics before the first signal asks) and republishes
    /// the latest drift report, so a restart does not clear the drift gauges (and the alert on them) until the next check.
    /// </summary>
    public void PublishCurrentState()
    {
        champion.Refresh();
        if (registry.ReadDocument<DriftReport>(DriftFile) is { } report)
        {
            Publish(report);
        }
    }

    private static void Publish(DriftReport report)
    {
        foreach (var (name, f) in report.Features)
        {
            if (f.PValue is { } p)
            {
                AtraMetrics.MlDriftPValue.WithLabels(name).Set(p);
            }
        }
        AtraMetrics.MlDriftDetected.Set(report.Drift ? 1 : 0);
        AtraMetrics.MlDriftChecked.Set(report.CheckedAt.ToUnixTimeMilliseconds() / 1000.0);
    }
}
