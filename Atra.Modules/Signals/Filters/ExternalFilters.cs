using Atra.Modules.Signals.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Signals.Filters;

/// <summary>
/// Live whale and news impact for a candidate, side by side, each under <c>Signals:FilterTimeout</c>: one that fails
/// or times out is recorded as unknown (NaN) and never blocks the other or the signal. (The ML verdict is not asked
/// here: <see cref="SignalStep.Confirm"/> asks it, for live scanning and backtests alike.)
/// </summary>
internal sealed partial class ExternalFilters(
    IWhaleImpactSource whales,
    INewsImpactSource news,
    IOptions<SignalsSettings> options,
    ILogger<ExternalFilters> logger)
{
    public async Task<ExternalVerdicts> EvaluateAsync(string symbol, CancellationToken ct)
    {
        var whale = GuardedAsync("whale", symbol, whales.GetAsync, ct);
        var newsImpact = GuardedAsync("news", symbol, news.GetAsync, ct);
        return new ExternalVerdicts(await whale.ConfigureAwait(false), await newsImpact.ConfigureAwait(false));
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
