using System.Data.Common;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Shared.Workers;
using Dapper;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// <c>signal_generation</c>: the scan worker's heartbeat (<c>Health:SignalScanWorker</c>, service process only)
/// and the signals stored in <c>enhanced_signals</c> in the last 24 hours. A scan that has not beaten for
/// <c>Health:SignalScanStaleWarning</c>/<c>…Critical</c> is WARNING/CRITICAL; a missing heartbeat in the service
/// is UNKNOWN (the scanner never ran); fewer signals than <c>Health:SignalsPer24hWarningBelow</c> is a WARNING.
/// </summary>
internal sealed class SignalGenerationHealthCheck(
    IDbConnectionFactory connections,
    IOptions<StorageOptions> storage,
    IWorkerHeartbeats heartbeats,
    IOptions<HealthOptions> options,
    TimeProvider clock) : IHealthCheckContributor
{
    public const string Component = "signal_generation";

    private const string CountSql = """
        SELECT COUNT(*) AS Last24h, MAX(created_at) AS LastCreatedAt
        FROM enhanced_signals
        WHERE created_at >= @since
        """;

    private const string LastSql = "SELECT MAX(created_at) FROM enhanced_signals;";

    public string Name => Component;

    public async ValueTask<IReadOnlyList<ComponentHealth>> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var data = new Dictionary<string, object?>();
        var status = HealthStatus.Healthy;
        var reasons = new List<string>();
        string? detail = null;

        if (context.InService)
        {
            var beat = heartbeats.Snapshot().FirstOrDefault(b => string.Equals(b.Worker, o.SignalScanWorker, StringComparison.Ordinal));
            if (beat is null)
            {
                status = HealthStatus.Unknown;
                reasons.Add($"{o.SignalScanWorker} has not reported a heartbeat yet");
            }
            else
            {
                var age = now - beat.LastBeat;
                data["last_scan_at"] = beat.LastBeat;
                data["last_scan_age_s"] = Math.Round(age.TotalSeconds, 1);
                data["last_scan_failure"] = beat.LastFailureReason;
                if (age >= o.SignalScanStaleCritical)
                {
                    status = HealthStatus.Critical;
                    reasons.Add($"no scan for {WorkersHealthCheck.Describe(age)}");
                }
                else if (age >= o.SignalScanStaleWarning)
                {
                    status = HealthStatus.Warning;
                    reasons.Add($"no scan for {WorkersHealthCheck.Describe(age)}");
                }
                else if (beat.LastFailure is { } failedAt && failedAt >= beat.LastBeat)
                {
                    status = HealthStatus.Warning;
                    reasons.Add("the last scan failed");
                    detail = beat.LastFailureReason;
                }
                else
                {
                    reasons.Add($"last scan {WorkersHealthCheck.Describe(age)} ago");
                }
            }
        }

        if (!File.Exists(Path.GetFullPath(storage.Value.Sqlite)))
        {
            status = status.Worst(HealthStatus.Unknown);
            reasons.Add("no database to count signals in");
            return [ComponentHealth.Of(Component, status, string.Join("; ", reasons), data)];
        }
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var since = now.AddHours(-24).ToUnixTimeMilliseconds();
            var counts = await connection.QuerySingleAsync<(long Last24h, long? LastCreatedAt)>(
                new CommandDefinition(CountSql, new { since }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var last = counts.LastCreatedAt ?? await connection.ExecuteScalarAsync<long?>(
                new CommandDefinition(LastSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            data["signals_24h"] = counts.Last24h;
            data["last_signal_at"] = last is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
            reasons.Add($"{counts.Last24h} signals in the last 24 h");
            if (counts.Last24h < o.SignalsPer24hWarningBelow)
            {
                status = status.Worst(HealthStatus.Warning);
                reasons.Add($"fewer than {o.SignalsPer24hWarningBelow} expected");
            }
        }
        catch (DbException ex) when (connections.Dialect.IsMissingTable(ex))
        {
            // The table is missing: the schema was never migrated.
            status = status.Worst(HealthStatus.Unknown);
            reasons.Add("signals cannot be counted: the schema is missing");
            detail = ex.Message.Trim();
        }
        catch (DbException ex)
        {
            // The database component reports the database itself; here it only means the count is unknown.
            status = status.Worst(HealthStatus.Unknown);
            reasons.Add("signals cannot be counted");
            detail = ex.Message.Trim();
        }
        return [ComponentHealth.Of(Component, status, string.Join("; ", reasons), data, detail)];
    }
}
