using System.CommandLine;
using Atra.Host.Platform;

namespace Atra.Host.Cli;

/// <summary><c>atra serve [--urls URL]</c>, also what a bare <c>atra</c> runs.</summary>
internal static class ServeCommand
{
    public static Command Create(RootCommand root)
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, e.g. http://0.0.0.0:8080" };
        var command = new Command("serve", "Run the service: market data, signals, tracking, Telegram, REST API, status page, metrics")
        {
            urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, urls, ct));

        // A bare `atra` serves too.
        root.Options.Add(urls);
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => RunAsync(result, urls, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Option<string?> urls, CancellationToken cancellationToken)
    {
        var args = CliRunner.HostArguments(result).ToList();
        if (result.GetValue(urls) is { } address)
        {
            args.Add($"--urls={address}");
        }
        await using var app = AtraHost.BuildWeb([.. args]);
        // Held until the service has stopped: a second serve on the same database refuses while this one runs.
        using var instance = ServeGuards.Check(app.Services);
        return await ServiceRunner.RunAsync(app).ConfigureAwait(false);
    }
}
