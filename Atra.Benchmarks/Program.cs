using BenchmarkDotNet.Running;

namespace Atra.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Atra.Benchmarks -- --filter '*'</c>: every benchmark, or a filter.
/// <c>… -- bare-server URLS JSON_FILE</c>: the reference server of <c>wrk/api-bench.sh</c>.
/// <c>… -- parse-check DIR</c>: the candle reader's number parser against <c>double.Parse</c> on every CSV field under DIR.
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
        if (args is ["parse-check", var directory])
        {
            Environment.ExitCode = ParseCheck.Run(directory);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
