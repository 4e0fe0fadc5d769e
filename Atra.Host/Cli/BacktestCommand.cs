using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Atra.Host.Platform;
using Atra.Modules.Backtest.Contracts;
using Atra.Modules.Backtest.Reports;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.Signals.Contracts;
using Spectre.Console;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra backtest --data DIR [--symbols A,B] [--interval 1h] [--from D] [--to D] [--out DIR] [--ml] [--json]</c>:
/// replays candle files through the live strategy and lifecycle code, writes trades.csv and summary.json.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of SYMBOL-INTERVAL.csv candle files", Required = true };
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated symbols (default: every file of the interval)" };
        var interval = new Option<string?>("--interval") { Description = "Candle interval (default Signals:Interval, 1h)" };
        var from = new Option<string?>("--from") { Description = "First candle open time: yyyy-MM-dd, ISO 8601 or Unix ms (UTC)" };
        var to = new Option<string?>("--to") { Description = "End (exclusive; a bare date includes that whole day)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for trades.csv and summary.json (default: current folder)" };
        var ml = new Option<bool>("--ml") { Description = "Apply the active ML model's probability threshold" };
        var json = new Option<bool>("--json") { Description = "Print summary.json on stdout and nothing else" };
        var threads = new Option<int?>("--threads") { Description = "Worker threads across symbols (default: one per core); the results are the same for any count" };
        var command = new Command("backtest", "Replay candle files through the signal and lifecycle code; write trades.csv and summary.json")
        {
            data, symbols, interval, from, to, output, ml, json, threads,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => Task.FromResult(RunReportingUsage(() => Run(result, new Options(data, symbols, interval, from, to, output, ml, json, threads), ct))));
        return command;
    }

    // System.CommandLine's default handler would print a stack trace for an exception thrown from an action; bad
    // input must be one line on stderr and exit 1.
    private static int RunReportingUsage(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"atra: {ex.Message}");
            return CliRunner.BadInput;
        }
    }

    private sealed record Options(Option<DirectoryInfo> Data, Option<string?> Symbols, Option<string?> Interval, Option<string?> From,
        Option<string?> To, Option<DirectoryInfo?> Output, Option<bool> Ml, Option<bool> Json, Option<int?> Threads);

    private static int Run(ParseResult result, Options o, CancellationToken ct)
    {
        var (data, symbols, interval, from, to, output, ml, json) = (o.Data, o.Symbols, o.Interval, o.From, o.To, o.Output, o.Ml, o.Json);
        var threads = result.GetValue(o.Threads) ?? Environment.ProcessorCount;
        if (threads < 1)
        {
            throw new UsageException($"--threads: {threads} is not a thread count (1 or more)");
        }
        // Not the generic host: a backtest logs nothing of its own, and building that host was ~0.2 s of a run.
        using var services = AtraHost.BuildCommandServices(CliRunner.HostArguments(result));
        var runner = services.GetRequiredService<IBacktestRunner>();
        var strategy = services.GetRequiredService<ISignalStrategy>();
        var asJson = result.GetValue(json);
        var useMl = result.GetValue(ml);
        if (useMl && !services.GetServices<ISignalProbabilityModel>().Any(m => m.IsActive))
        {
            // Running without the model would report the unfiltered strategy as if it were the filtered one.
            var reason = services.GetService<Atra.Modules.MLOps.Serving.ChampionModel>()?.LoadError;
            throw new UsageException(reason is null
                ? "--ml: no ML model is active (no champion in the registry): train one with atra mlops --action retrain, or run without --ml"
                : $"--ml: the champion model cannot serve: {reason}");
        }
        var outDir = result.GetValue(output)?.FullName ?? Directory.GetCurrentDirectory();
        var request = new BacktestRequest(
            result.GetValue(data)!.FullName,
            result.GetValue(interval) ?? strategy.Interval,
            result.GetValue(symbols)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ParseTime(result.GetValue(from), "--from", endOfDay: false),
            ParseTime(result.GetValue(to), "--to", endOfDay: true),
            useMl,
            path => CandleCsvReader.ReadFile(path))
        {
            LoadFileInto = (path, reuse) => CandleCsvReader.ReadFile(path, reuse),
            MaxDegreeOfParallelism = threads,
        };

        BacktestResult backtest;
        try
        {
            var interactive = !asJson && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            // The figure covers the backtest's whole work: reading, indicators, replay, metrics and writing
            // trades.csv (summary.json, which carries it, is written right after); not the process start.
            var clock = Stopwatch.StartNew();
            backtest = interactive ? RunWithProgressBar(runner, request, ct) : runner.Run(request with { Progress = new LineProgress(asJson ? Console.Error : Console.Out) }, ct);
            Directory.CreateDirectory(outDir);
            TradesCsvWriter.Write(Path.Combine(outDir, "trades.csv"), backtest.Trades);
            backtest = backtest with { Summary = backtest.Summary.WithElapsed(clock.Elapsed) };
            SummaryJsonWriter.Write(Path.Combine(outDir, "summary.json"), backtest.Summary);
        }
        catch (BacktestInputException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (CandleFileException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"atra: backtest failed: {ex.Message}");
            return CliRunner.Failure;
        }

        if (asJson)
        {
            Console.Out.WriteLine(SummaryJsonWriter.ToJson(backtest.Summary));
            return CliRunner.Ok;
        }
        var s = backtest.Summary;
        Console.Out.WriteLine($"{s.Candles} candles of {string.Join(",", s.Symbols)} ({s.Interval}, {s.From} … {s.To}) in {s.ElapsedMs} ms: {s.CandlesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} candles/s");
        Console.Out.WriteLine(Line("soft", s.Soft));
        Console.Out.WriteLine(Line("strict", s.Strict));
        Console.Out.WriteLine($"wrote {Path.Combine(outDir, "trades.csv")} and {Path.Combine(outDir, "summary.json")}");
        using var process = Process.GetCurrentProcess();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{request.MaxDegreeOfParallelism} threads, peak working set of the process {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB"));
        return CliRunner.Ok;
    }

    private static BacktestResult RunWithProgressBar(IBacktestRunner runner, BacktestRequest request, CancellationToken ct)
    {
        BacktestResult? result = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("backtest", maxValue: 1);
            result = runner.Run(request with
            {
                Progress = new CallbackProgress(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    task.Description = Markup.Escape(p.Message);
                }),
            }, ct);
            task.Value = task.MaxValue;
        });
        return result!;
    }

    private static string Line(string name, BacktestMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"{name}: {m.Trades} trades, win rate {m.WinRate:P1}, avg {m.AvgProfitPct:P3}, total {m.TotalProfitPct:P2}, profit factor {m.ProfitFactor:F2}, max drawdown {m.MaxDrawdownPct:P2}, sharpe {m.Sharpe:F3}, sortino {m.Sortino:F3}");

    internal static long? ParseTime(string? text, string option, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return (endOfDay ? start.AddDays(1) : start).ToUnixTimeMilliseconds();
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time.ToUnixTimeMilliseconds();
        }
        throw new UsageException($"{option}: '{text}' is not a date (yyyy-MM-dd), an ISO 8601 time or Unix milliseconds");
    }

    private sealed class LineProgress(TextWriter writer) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value)
        {
            lock (writer)
            {
                writer.WriteLine($"[{value.Done}/{value.Total}] {value.Message}");
            }
        }
    }

    private sealed class CallbackProgress(Action<BacktestProgress> action) : IProgress<BacktestProgress>
    {
        private readonly Lock _gate = new();

        public void Report(BacktestProgress value)
        {
            lock (_gate)
            {
                action(value);
            }
        }
    }
}
