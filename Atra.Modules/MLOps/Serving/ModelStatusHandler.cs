using System.Globalization;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Mediator;

namespace Atra.Modules.MLOps.Serving;

/// <summary>The status page's model card: the serving champion's card and the latest drift report, as plain figures and lines.</summary>
internal sealed class ModelStatusHandler(ChampionModel champion, ModelRegistry registry, TimeProvider clock) : IRequestHandler<GetModelStatus, ModelStatus>
{
    public ValueTask<ModelStatus> Handle(GetModelStatus request, CancellationToken cancellationToken)
    {
        var card = champion.IsActive ? champion.Card : null;
        DriftReport? drift;
        try
        {
            drift = registry.ReadDocument<DriftReport>(MLOpsPipeline.DriftFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            drift = null;
        }
        var now = clock.GetUtcNow();
        var age = card is null ? (double?)null : Math.Max(0, (now - card.CreatedAt).TotalDays);
        var drifted = drift is null ? [] : drift.Features.Where(f => f.Value.Drifted).Select(f => f.Key).ToList();
        if (drift?.Concept is { Drifted: true })
        {
            drifted.Add("outcomes (concept)");
        }
        var lines = new List<string>(3);
        if (card is null)
        {
            lines.Add(champion.LoadError is null ? "No model is active: the ML filter passes every signal." : "A champion is registered but could not be loaded: the ML filter passes every signal.");
        }
        else
        {
            var c = card.Chosen;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"Champion v{card.Version} ({card.Trainer}), trained {card.CreatedAt:yyyy-MM-dd HH:mm} UTC ({Age(age!.Value)} ago) on {card.Rows.Count} signals."));
            if (c is not null)
            {
                var quality = card.Quality is { Ratio: { } r } q
                    ? string.Create(CultureInfo.InvariantCulture, $"; filtered profit factor {r:0.00}× the unfiltered, keeping {q.KeptShare:P0}")
                    : "";
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Out of sample: log loss {c.LogLoss:0.000}, AUC {(c.Auc is { } auc ? auc.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")}, Brier {c.Brier:0.000}{quality}."));
            }
        }
        lines.Add(drift is null
            ? "No drift check yet."
            : string.Create(CultureInfo.InvariantCulture,
                $"Last drift check {drift.CheckedAt:yyyy-MM-dd HH:mm} UTC: {(drift.Drift ? "drift in " + string.Join(", ", drifted) : "no drift")} ({drift.Rows} signals)."));
        return ValueTask.FromResult(new ModelStatus(
            card is not null, card?.Version, card?.Trainer, card?.CreatedAt, age, card?.Rows.Count, card?.Chosen?.LogLoss, card?.Chosen?.Auc,
            card?.Chosen?.Brier, card?.Quality?.KeptShare, card?.Quality?.Ratio, drift?.CheckedAt, drift?.Drift, drifted, lines));
    }

    private static string Age(double days) => days >= 2
        ? string.Create(CultureInfo.InvariantCulture, $"{days:0} days")
        : string.Create(CultureInfo.InvariantCulture, $"{days * 24:0} hours");
}
