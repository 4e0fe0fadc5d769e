using System.Globalization;
using BenchmarkDotNet.Running;

namespace Atra.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Atra.Benchmarks -- --filter '*'</c>: every benchmark, or a filter.
/// <c>… -- bare-server URLS JSON_FILE</c>: the reference server of <c>wrk/api-bench.sh</c>.
/// <c>… -- scan-bench [SYMBOLS] [ROUNDS]</c>: one closed candle across 500 symbols through the live scan path (see <see cref="ScanBenchmark"/>).
/// <c>… -- make-candles OUT_DIR [SYMBOLS] [ROWS] [SOURCE_DIR]</c>: candle files for the backtest's memory figure (see <see cref="CandleFileMaker"/>).
/// <c>… -- parse-check DIR</c>: the candle reader's number parser against <c>double.Parse</c> on every CSV field under DIR.
/// <c>… -- fanout-bench [SUBSCRIBERS] [REDIS]</c>: one signal to many subscribers within Telegram's limits (see <see cref="FanoutBenchmark"/>).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is ["bare-server", var urls, var jsonFile])
        {
            await BareJsonServer.RunAsync(urls, jsonFile).ConfigureAwait(false);
            return;
        }
        if (args is ["make-candles", var outDir, .. var more])
        {
            Environment.ExitCode = CandleFileMaker.Run(outDir, more.Length > 0 ? int.Parse(more[0], CultureInfo.InvariantCulture) : 10,
                more.Length > 1 ? int.Parse(more[1], CultureInfo.InvariantCulture) : 50_000, more.Length > 2 ? more[2] : null);
            return;
        }
        if (args is ["parse-check", var directory])
        {
            Environment.ExitCode = ParseCheck.Run(directory);
            return;
        }
        if (args is ["scan-bench", .. var rest])
        {
            // --postgres CONNECTION_STRING: the same round on a PostgreSQL server (a throwaway database is made on it).
            var at = Array.IndexOf(rest, "--postgres");
            var postgres = at >= 0 && at + 1 < rest.Length ? rest[at + 1] : null;
            var numbers = at >= 0 ? rest[..at] : rest;
            Environment.ExitCode = await ScanBenchmark.RunAsync(numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 500,
                numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 20, postgres).ConfigureAwait(false);
            return;
        }
        if (args is ["fanout-bench", .. var options])
        {
            Environment.ExitCode = await FanoutBenchmark.RunAsync(options.Length > 0 ? int.Parse(options[0], CultureInfo.InvariantCulture) : 10_000,
                options.Length > 1 ? options[1] : null).ConfigureAwait(false);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
