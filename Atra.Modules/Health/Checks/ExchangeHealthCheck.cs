using System.Globalization;
using Atra.Modules.Health.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>exchange_&lt;name&gt;</c> per exchange (service process only): reachability, time since the last successful
/// request, request latency, used rate-limit weight and candle lag, each against its <c>Health</c> thresholds.
/// </summary>
internal sealed class ExchangeHealthCheck(IExchangeProbeSource source, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheckContributor
{
    public string Name => "exchange";

    public ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (!context.InService)
        {
            return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>([]);
        }
        var now = clock.GetUtcNow();
        var result = new List<ComponentHealth>();
        foreach (var probe in source.Snapshot())
        {
            result.Add(Grade(probe, now, options.Value));
        }
        return ValueTask.FromResult<IReadOnlyList<ComponentHealth>>(result);
    }

    internal static ComponentHealth Grade(ExchangeProbe p, DateTimeOffset now, HealthOptions o)
    {
        var name = "exchange_" + p.Exchange.ToLowerInvariant();
        var data = new Dictionary<string, object?>
        {
            ["reachable"] = p.Reachable,
            ["latency_ms"] = p.LastLatency is { } l ? Math.Round(l.TotalMilliseconds, 1) : null,
            ["used_weight"] = p.UsedWeight,
            ["weight_limit"] = p.WeightLimit,
            ["last_candle_at"] = p.LastCandleAt,
            ["last_success_at"] = p.LastSuccessAt,
            ["last_error"] = p.LastError,
        };
        if (!p.Reachable)
        {
            return ComponentHealth.Of(name, HealthStatus.Critical, $"{p.Exchange} is unreachable", data, p.LastError ?? "no answer");
        }
        if (p.LastSuccessAt is not { } success)
        {
            return ComponentHealth.Of(name, HealthStatus.Unknown, $"no request to {p.Exchange} has succeeded yet", data);
        }

        var status = HealthStatus.Healthy;
        var problems = new List<string>();
        var silence = now - success;
        if (silence >= o.ExchangeSilenceCritical)
        {
            status = HealthStatus.Critical;
            problems.Add($"no successful request for {WorkersHealthCheck.Describe(silence)}");
        }
        if (p.LastLatency is { } latency)
        {
            status = status.Worst(Grade(latency.TotalMilliseconds, o.ExchangeLatencyWarning.TotalMilliseconds, o.ExchangeLatencyCritical.TotalMilliseconds, $"latency {latency.TotalMilliseconds:0} ms", problems));
        }
        if (p.UsedWeight is { } used && p.WeightLimit is { } limit && limit > 0)
        {
            var percent = 100d * used / limit;
            data["weight_percent"] = Math.Round(percent, 1);
            status = status.Worst(Grade(percent, o.ExchangeWeightWarningPercent, o.ExchangeWeightCriticalPercent, $"rate-limit weight {used}/{limit}", problems));
        }
        if (p.LastCandleAt is { } candleAt)
        {
            var lag = now - candleAt;
            data["candle_lag_s"] = Math.Round(lag.TotalSeconds, 0);
            status = status.Worst(Grade(lag.TotalSeconds, o.CandleLagWarning.TotalSeconds, o.CandleLagCritical.TotalSeconds, $"no candle for {WorkersHealthCheck.Describe(lag)}", problems));
        }
        var reason = problems.Count > 0
            ? string.Join("; ", problems)
            : string.Create(CultureInfo.InvariantCulture, $"reachable, {p.LastLatency?.TotalMilliseconds ?? 0:0} ms, weight {p.UsedWeight?.ToString(CultureInfo.InvariantCulture) ?? "?"}/{p.WeightLimit?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        return ComponentHealth.Of(name, status, reason, data, status == HealthStatus.Healthy ? null : p.LastError);
    }

    private static HealthStatus Grade(double value, double warning, double critical, string what, List<string> problems)
    {
        if (value >= critical)
        {
            problems.Add(what + " (critical)");
            return HealthStatus.Critical;
        }
        if (value >= warning)
        {
            problems.Add(what + " (warning)");
            return HealthStatus.Warning;
        }
        return HealthStatus.Healthy;
    }
}
