using System.Diagnostics;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Features;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.Shared.Metrics;
using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MLOps.Serving;

/// <summary>
/// The ML hook's implementation: the registry's champion, calibrated. Live scanning and backtests call the same
/// instance. The loaded model is one immutable object behind a volatile reference: a promotion or rollback (in this
/// process, or by another one: <c>aliases.json</c> is checked every <c>MLOps:ReloadInterval</c>) loads the new
/// champion aside and swaps the reference, so every prediction is wholly the old model's or wholly the new one's and
/// none waits. A champion that cannot be loaded (damaged zip, another feature schema) leaves no model active (the
/// filter passes, as with no model at all) and <see cref="LoadError"/> says why.
/// </summary>
internal sealed partial class ChampionModel : ISignalProbabilityModel, IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly ILogger<ChampionModel> _logger;
    private readonly Lock _reloadGate = new();
    private readonly ITimer _timer;
    private volatile Loaded? _current;
    private DateTime _stamp = DateTime.MinValue;
    private int? _loadedVersion;
    private bool _checked;

    public ChampionModel(ModelRegistry registry, IOptions<MLOpsOptions> options, TimeProvider clock, ILogger<ChampionModel> logger)
    {
        _registry = registry;
        _logger = logger;
        AtraMetrics.MlModelMaxAge.Set(options.Value.MaxModelAge.TotalSeconds);
        var every = options.Value.ReloadInterval;
        _timer = clock.CreateTimer(_ => Refresh(), null, every, every);
    }

    public bool IsActive
    {
        get
        {
            EnsureChecked();
            return _current is not null;
        }
    }

    /// <summary>Why the champion is not serving (null when it is, or when there is none).</summary>
    public string? LoadError { get; private set; }

    public ModelCard? Card => _current?.Card;

    public ScoringModel? Model => _current?.Model;

    public MlVerdict Predict(in SignalCandidate candidate)
    {
        EnsureChecked();
        var current = _current;
        if (current is null)
        {
            return MlVerdict.None;
        }
        var start = Stopwatch.GetTimestamp();
        Span<double> raw = stackalloc double[FeatureSchema.Count];
        FeatureSchema.Fill(candidate.Side, candidate.Entry, in candidate.Features, raw);
        var verdict = current.Model.Predict(raw);
        AtraMetrics.MlPredictionDuration.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        (verdict.OutOfRange ? OutOfRange : InRange).Inc();
        return verdict;
    }

    /// <summary>Serves <paramref name="model"/> from now on (a promotion or rollback in this process already loaded it).</summary>
    public void Swap(ScoringModel? model, ModelCard? card)
    {
        model?.Warm(WarmEngines);
        lock (_reloadGate)
        {
            _current = model is null || card is null ? null : new Loaded(model, card);
            _loadedVersion = card?.Version;
            _stamp = _registry.AliasesStamp();
            _checked = true;
            LoadError = null;
            Publish(card);
        }
    }

    /// <summary>Loads the champion named in <c>aliases.json</c> when it changed; safe to call any time from any thread.</summary>
    public void Refresh(bool force = false)
    {
        lock (_reloadGate)
        {
            try
            {
                var stamp = _registry.AliasesStamp();
                if (!force && _checked && stamp == _stamp)
                {
                    return;
                }
                _stamp = stamp;
                var champion = _registry.ReadAliases().Champion;
                if (champion == _loadedVersion && !force)
                {
                    return;
                }
                if (champion is not { } version)
                {
                    _current = null;
                    _loadedVersion = null;
                    LoadError = null;
                    Publish(null);
                    return;
                }
                var (model, card) = _registry.Load(version);
                model.Warm(WarmEngines);
                _current = new Loaded(model, card);
                _loadedVersion = version;
                LoadError = null;
                Publish(card);
                LogLoaded(_logger, version, card.Trainer, card.Fingerprint);
            }
            catch (MLOpsInputException ex)
            {
                _current = null;
                _loadedVersion = null;
                LoadError = ex.Message;
                Publish(null);
                LogRefused(_logger, ex.Message);
            }
#pragma warning disable CA1031 // A reload runs on a timer: an unreadable registry is logged and tried again, never thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LoadError = ex.Message;
                LogReloadFailed(_logger, ex);
            }
            finally
            {
                // Only now: a first prediction on another thread waits on the gate for the first load instead of
                // seeing "checked, no model" and letting its candidate through unjudged (found by the parity test:
                // the backtest's parallel symbols passed their first candidates while the champion was loading).
                Volatile.Write(ref _checked, true);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void EnsureChecked()
    {
        if (!Volatile.Read(ref _checked))
        {
            Refresh();
        }
    }

    private static void Publish(ModelCard? card)
    {
        AtraMetrics.MlModelVersion.Set(card?.Version ?? 0);
        AtraMetrics.MlModelCreated.Set(card is null ? 0 : card.CreatedAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    // One engine per core: the backtest's parallel symbols and the scanner find one ready each.
    private static readonly int WarmEngines = Environment.ProcessorCount;

    private static readonly Prometheus.Counter.Child InRange = AtraMetrics.MlPredictions.WithLabels("in_range");
    private static readonly Prometheus.Counter.Child OutOfRange = AtraMetrics.MlPredictions.WithLabels("out_of_range");

    private sealed record Loaded(ScoringModel Model, ModelCard Card);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model version {Version} ({Trainer}, fingerprint {Fingerprint})")]
    private static partial void LogLoaded(ILogger logger, int version, string trainer, string fingerprint);

    [LoggerMessage(Level = LogLevel.Error, Message = "The champion model was refused; no model is active: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the model registry failed; trying again at the next check")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
