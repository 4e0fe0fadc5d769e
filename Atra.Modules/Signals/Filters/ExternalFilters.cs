using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.Filters;

/// <summary>
/// Runs the external filters side by side, each under <c>Signals:FilterTimeout</c>: one that fails or times out is
/// recorded as unknown (NaN) and never blocks the others or the signal.
/// </summary>
internal sealed partial class ExternalFilters(
    IWhaleImpactSource whales,
    INewsImpactSource news,
    IEnumerable<ISignalProbabilityModel> models,
    IOptions<SignalsSettings> options,
    ILogger<ExternalFilters> logger)
{
    private readonly ISignalProbabilityModel[] _models = [.. models];

    public async Task<ExternalVerdicts> EvaluateAsync(string symbol, SignalCandidate candidate, CancellationToken ct)
    {
        var whale = GuardedAsync("whale", symbol, whales.GetAsync, ct);
        var newsImpact = GuardedAsync("news", symbol, news.GetAsync, ct);
        var ml = MlVerdict.None;
        var model = Array.Find(_models, m => m.IsActive);
        if (model is not null)
        {
            try
            {
                ml = model.Predict(in candidate);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFilterFailed(logger, ex, "ml", symbol);
            }
        }
        return new ExternalVerdicts(await whale.ConfigureAwait(false), await newsImpact.ConfigureAwait(false), ml);
    }

    private async Task<double> GuardedAsync(string filter, string symbol, Func<string, CancellationToken, ValueTask<double>> get, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.FilterTimeout);
        try
        {
            var value = await get(symbol, timeout.Token).AsTask().WaitAsync(timeout.Token).ConfigureAwait(false);
            return double.IsFinite(value) ? Math.Clamp(value, -1.0, 1.0) : double.NaN;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogFilterTimedOut(logger, filter, symbol, options.Value.FilterTimeout);
            return double.NaN;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFilterFailed(logger, ex, filter, symbol);
            return double.NaN;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Filter} filter failed for {Symbol}; its verdict is unknown")]
    private static partial void LogFilterFailed(ILogger logger, Exception exception, string filter, string symbol);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Filter} filter timed out for {Symbol} after {Timeout}; its verdict is unknown")]
    private static partial void LogFilterTimedOut(ILogger logger, string filter, string symbol, TimeSpan timeout);
}
