using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Atra.Host.Platform;
using Atra.Modules.MLOps.Contracts;
using Atra.Modules.MLOps.Drift;
using Atra.Modules.MLOps.Pipeline;
using Atra.Modules.MLOps.Registry;
using Atra.Modules.MLOps.Rows;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Spectre.Console;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra mlops --action baseline|drift|retrain|full|promote|rollback [--data DIR] [--symbols A,B] [--interval I]
/// [--from D] [--to D] [--version N] [--json]</c>. Rows come from the database's closed signals, or with
/// <c>--data</c> from a backtest of the candle files there (the rows of trades.csv). Exit codes: 0 ok (no drift),
/// 1 bad input, 2 runtime failure, 3 drift found (drift and full).
/// </summary>
internal static class MLOpsCommand
{
    public const int DriftFound = 3;

    private static readonly string[] Actions = ["baseline", "drift", "retrain", "full", "promote", "rollback"];

    public static Command Create()
    {
        var action = new Option<string>("--action") { Description = "baseline, drift, retrain, full, promote or rollback", Required = true };
        action.AcceptOnlyFromAmong(Actions);
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder of SYMBOL-INTERVAL.csv candle files (default: the database's closed signals)" };
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated symbols (default: all)" };
        var interval = new Option<string?>("--interval") { Description = "Candle interval (default Signals:Interval)" };
        var from = new Option<string?>("--from") { Description = "Window start: yyyy-MM-dd, ISO 8601 or Unix ms (UTC)" };
        var to = new Option<string?>("--to") { Description = "Window end (exclusive; a bare date includes that day): only signals closed before it count" };
        var version = new Option<int?>("--version") { Description = "The registry version to promote or roll back to" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document on stdout and nothing else" };
        var command = new Command("mlops", "The MLOps loop: drift baseline and check, retraining, promotion gate, rollback")
        {
            action, data, symbols, interval, from, to, version, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, new Options(action, data, symbols, interval, from, to, version, json), ct));
        return command;
    }

    private sealed record Options(Option<string> Action, Option<DirectoryInfo?> Data, Option<string?> Symbols, Option<string?> Interval,
        Option<string?> From, Option<string?> To, Option<int?> Version, Option<bool> Json);

    private static async Task<int> RunAsync(ParseResult result, Options o, CancellationToken ct)
    {
        var action = result.GetValue(o.Action)!;
        var asJson = result.GetValue(o.Json);
        var data = result.GetValue(o.Data);
        if (data is not null && !data.Exists)
        {
            throw new UsageException($"--data: the folder '{data.FullName}' does not exist");
        }
        var version = result.GetValue(o.Version);
        if (action == "promote" && version is null)
        {
            throw new UsageException("--version: promote needs the version to promote (see GET /api/mlops/models)");
        }
        if (version is < 1)
        {
            throw new UsageException($"--version: {version} is not a registry version (1 or more)");
        }
        var fromMs = BacktestCommand.ParseTime(result.GetValue(o.From), "--from", endOfDay: false);
        var toMs = BacktestCommand.ParseTime(result.GetValue(o.To), "--to", endOfDay: true);
        if (fromMs is { } f && toMs is { } t && f >= t)
        {
            throw new UsageException("--from: must be before --to");
        }

        using var services = AtraHost.BuildCommandServices(CliRunner.HostArguments(result));
        var strategy = services.GetRequiredService<ISignalStrategy>();
        var query = new RowQuery(data?.FullName,
            result.GetValue(o.Symbols)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            result.GetValue(o.Interval) ?? strategy.Interval, fromMs, toMs);
        var pipeline = services.GetRequiredService<MLOpsPipeline>();
        var output = asJson ? Console.Error : Console.Out;
        try
        {
            if (query.DataDirectory is null && action is "baseline" or "drift" or "retrain" or "full")
            {
                // Rows come from the database: bring its schema up to date first, as the service does at start.
                services.GetRequiredService<MigrationRunner>().Run();
            }
            var (document, exit, lines) = await WithProgressAsync(asJson, output, progress => ExecuteAsync(pipeline, action, query, version, progress, ct)).ConfigureAwait(false);
            if (asJson)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(document, document.GetType(), ModelRegistry.Json));
            }
            else
            {
                foreach (var line in lines)
                {
                    Console.Out.WriteLine(line);
                }
            }
            return exit;
        }
        catch (MLOpsInputException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"atra: mlops --action {action} failed: {ex.Message}").ConfigureAwait(false);
            return CliRunner.Failure;
        }
    }

    private static async Task<(object Document, int Exit, IReadOnlyList<string> Lines)> ExecuteAsync(
        MLOpsPipeline pipeline, string action, RowQuery query, int? version, IProgress<string> progress, CancellationToken ct)
    {
        switch (action)
        {
            case "baseline":
            {
                var b = await pipeline.BaselineAsync(query, "cli", progress, ct).ConfigureAwait(false);
                return (b, CliRunner.Ok, [$"baseline: {b.Rows} rows from {b.Source} (rows {b.RowsHash[..12]})"]);
            }
            case "drift":
            {
                var d = await pipeline.DriftAsync(query, progress, ct).ConfigureAwait(false);
                return (d, d.Drift ? DriftFound : CliRunner.Ok, DriftLines(d));
            }
            case "retrain":
            {
                var r = await pipeline.RetrainAsync(query, "cli", progress, ct).ConfigureAwait(false);
                return (r, CliRunner.Ok, RetrainLines(r));
            }
            case "full":
            {
                var full = await pipeline.FullAsync(query, "cli", progress, ct).ConfigureAwait(false);
                var lines = new List<string>();
                if (full.DriftReport is { } d)
                {
                    lines.AddRange(DriftLines(d));
                }
                lines.Add(full.Retrained ? $"retrain: {full.Trigger}" : $"no retrain: {full.Trigger}");
                if (full.Retrain is { } r)
                {
                    lines.AddRange(RetrainLines(r));
                }
                return (full, full.Drift ? DriftFound : CliRunner.Ok, lines);
            }
            case "promote":
            {
                var p = pipeline.Promote(version!.Value, "cli");
                return (p, CliRunner.Ok, [p.Changed ? $"v{p.Version} is the champion: {p.Reason}" : $"v{p.Version} not promoted: {p.Reason}"]);
            }
            default:
            {
                var r = pipeline.Rollback(version, "cli");
                return (r, CliRunner.Ok, [r.Changed ? $"champion is v{r.Champion} (previous v{r.Previous?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {r.Reason}" : r.Reason]);
            }
        }
    }

    private static List<string> DriftLines(DriftReport d)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"drift: {(d.Drift ? "FOUND" : "none")} ({d.Rows} rows from {d.Source}; threshold p < {d.Threshold:G3})"),
        };
        foreach (var (name, f) in d.Features)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-16} KS {f.Statistic,8:F4}  p {f.PValue,10:G4}  PSI {f.Psi,8:F4}  n {f.NReference}/{f.NCurrent}{(f.Drifted ? "  DRIFT" : "")}"));
        }
        if (d.Concept is { } c)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  concept: hit rate {c.HitRate:P1} vs predicted {c.MeanPredicted:P1} over {c.Rows} signals (z {c.Z:F2}, p {c.PValue:G4}){(c.Drifted ? "  DRIFT" : "")}"));
        }
        return lines;
    }

    private static List<string> RetrainLines(RetrainOutcome r)
    {
        var lines = new List<string>();
        foreach (var c in r.Candidates)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Trainer,-10} log loss {c.LogLoss:F4}  AUC {c.Auc:F3}  Brier {c.Brier:F4}  kept {c.KeptShareSoft:P0} PF {c.ProfitFactorSoft:F2} @soft  kept {c.KeptShareStrict:P0} PF {c.ProfitFactorStrict:F2} @strict"));
        }
        if (r.Quality is { } q)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  out of sample ({q.Rows} rows): profit factor {q.FilteredProfitFactor:F3} filtered vs {q.UnfilteredProfitFactor:F3} unfiltered = {q.Ratio:F3}x (90% {q.RatioLow:F3}-{q.RatioHigh:F3}), kept {q.KeptShare:P1}"));
        }
        lines.Add($"v{r.Version} {r.Chosen} fingerprint {r.Fingerprint} ({r.Rows} rows{(r.NewVersion ? "" : ", already registered")}): {(r.Promoted ? "promoted" : "not promoted")}: {r.Reason}");
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"retrain took {r.ElapsedMs} ms"));
        return lines;
    }

    private static async Task<T> WithProgressAsync<T>(bool asJson, TextWriter output, Func<IProgress<string>, Task<T>> run)
    {
        var interactive = !asJson && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return await run(new LineProgress(output)).ConfigureAwait(false);
        }
        T result = default!;
        await AnsiConsole.Status().StartAsync("mlops", async ctx =>
        {
            result = await run(new StatusProgress(ctx)).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (writer)
            {
                writer.WriteLine(value);
            }
        }
    }

    private sealed class StatusProgress(StatusContext context) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate)
            {
                context.Status(Markup.Escape(value));
            }
        }
    }
}
