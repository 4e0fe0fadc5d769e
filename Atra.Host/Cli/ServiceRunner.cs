namespace Atra.Host.Cli;

/// <summary>
/// Runs the service (<c>atra serve</c>, <c>atra demo</c>) until it stops. A stop on a fault is a failure: when a worker
/// (a <see cref="BackgroundService"/>) ended with an exception, the generic host logs it and stops, and its run
/// still completes successfully (.NET 10; .NET 11 throws instead), which would exit 0 and tell a supervisor that
/// all went well. Here that exits 2, so Docker's or systemd's restart policy brings the service back.
/// </summary>
internal static class ServiceRunner
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        // The workers are taken before the run: the host may be disposed by the time it returns (a test host owns it).
        var workers = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        // Not app.RunAsync(), which disposes the host: the workers' outcomes are read afterwards.
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            await WhenCancelledAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
            // Stopped already by whoever owns the host (a test's WebApplicationFactory stops and disposes it itself):
            // stopping it again would run every worker's StopAsync on a disposed container, logging into closed sinks.
            if (!lifetime.ApplicationStopped.IsCancellationRequested)
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (Failed(workers).Count > 0)
        {
            // A worker failed while the others were still starting: the host cancelled its own start. Stop what did start.
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var failed = Failed(workers);
        if (failed.Count == 0)
        {
            return CliRunner.Ok;
        }
        var names = string.Join(", ", failed.Select(s => s.GetType().Name));
        var error = failed[0].ExecuteTask!.Exception!.GetBaseException();
        throw new RuntimeFailureException($"the service stopped because {names} failed: {CliRunner.OneLine(error.Message)}");
    }

    private static List<BackgroundService> Failed(List<BackgroundService> workers) => [.. workers.Where(s => s.ExecuteTask is { IsFaulted: true })];

    private static Task WhenCancelledAsync(CancellationToken token)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), done);
        return done.Task;
    }
}
