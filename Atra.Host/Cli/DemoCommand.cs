using System.CommandLine;
using System.Globalization;
using Atra.Host.Platform;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra demo [--speed N] [--urls URL]</c>: the service on its embedded defaults, fed by a replay of the real
/// candles in <c>samples/</c> instead of a live exchange, so a newcomer without keys or network sees signals
/// appear in the console, the API and the status page within a minute.
/// </summary>
internal static class DemoCommand
{
    private const int WarmupCandles = 300;

    public static Command Create()
    {
        var speed = new Option<double>("--speed") { Description = "Replayed candle steps per second (default 10)", DefaultValueFactory = _ => 10 };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default from Urls in appsettings.json)" };
        var command = new Command("demo", "Run the service on a replay of the real candles in samples/ (no keys, no network)")
        {
            speed,
            urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, speed, urls));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Option<double> speed, Option<string?> urls)
    {
        var steps = result.GetValue(speed);
        if (!double.IsFinite(steps) || steps <= 0 || steps > 100_000)
        {
            throw new UsageException($"--speed: {steps.ToString(CultureInfo.InvariantCulture)} is not between 0 (exclusive) and 100000 steps per second");
        }
        var samples = FindSamples() ?? throw new UsageException("no samples/ folder with candle files next to the binary or in the working directory");
        List<string> args =
        [
            .. CliRunner.HostArguments(result),
            "--Market:Source=Replay",
            $"--Market:Replay:Folder={samples}",
            $"--Market:Replay:Speed={steps.ToString(CultureInfo.InvariantCulture)}",
            // The first rows only warm the store and the indicators; the replay then publishes the rest live.
            $"--Market:Replay:WarmupCandles={WarmupCandles}",
        ];
        if (result.GetValue(urls) is { } address)
        {
            args.Add($"--urls={address}");
        }
        await Console.Error.WriteLineAsync($"atra demo: replaying {samples} at {steps.ToString(CultureInfo.InvariantCulture)} candles per second; signals appear in this log and on the status page (/).").ConfigureAwait(false);
        await using var app = AtraHost.BuildWeb([.. args]);
        // Held until the service has stopped: a second serve on the same database refuses while this one runs.
        using var instance = ServeGuards.Check(app.Services);
        return await ServiceRunner.RunAsync(app).ConfigureAwait(false);
    }

    private static string? FindSamples()
    {
        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var folder = Path.Combine(root, "samples");
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.csv").Any())
            {
                return folder;
            }
        }
        return null;
    }
}
