using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Atra.Tests.Host;

/// <summary>A long-running <c>atra</c> process (serve) on a free loopback port; killed on dispose.</summary>
internal sealed class RunningAtra : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private RunningAtra(Process process, Uri address)
    {
        _process = process;
        Address = address;
        // Drained so a chatty process never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public static RunningAtra Start(string workingDirectory, params string[] args)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "atra.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add($"--urls={address}");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new RunningAtra(Process.Start(start)!, address);
    }

    /// <summary>Waits until <c>/health/live</c> answers; fails with the process's stderr when it exits first.</summary>
    public async Task WaitLiveAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!deadline.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"atra exited with {_process.ExitCode} before it was live: {await _stderr}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/health/live"), deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, CancellationToken.None);
        }
        Assert.Fail("atra was not live within 2 minutes");
    }

    /// <summary>SIGKILL: no shutdown code runs, so whatever it held is released by the OS alone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
