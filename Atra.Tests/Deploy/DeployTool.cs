using System.Diagnostics;

namespace Atra.Tests.Deploy;

/// <summary>
/// Runs the operators' real tools (promtool, amtool, caddy, docker-compose, sh) on the files in deploy/. A tool that
/// is not installed skips the test with the line that installs it, except in CI (the <c>CI</c> variable set), where
/// a missing tool is a failure: CI installs them (.ci/run), so a skip there would hide a broken check.
/// </summary>
internal static class DeployTool
{
    /// <summary>The tool's path on this machine (the rule every test that runs a Debian program follows: <see cref="Fakes.RequiredProgram"/>).</summary>
    public static string Require(string path, string package) => Fakes.RequiredProgram.Find(Path.GetFileName(path), package);

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Host.RepositoryRoot.Find(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within a minute");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string DeployPath(params string[] parts) => Path.Combine([Host.RepositoryRoot.Find(), "deploy", .. parts]);
}
