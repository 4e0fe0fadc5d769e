using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Atra.Tests.Fakes;

/// <summary>
/// A real <c>redis-server</c> (the Debian package) on a free loopback port with a temp dir and no persistence,
/// started once for the test run and stopped by <see cref="RedisTeardown"/>. A missing binary skips the test, or fails
/// it on CI (<see cref="RequiredProgram"/>).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lock Gate = new();
    private static RedisServer? _shared;

    private readonly Process _process;
    private readonly string _folder;

    private RedisServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The run's server; ignores the calling test when redis-server is not installed (and not on CI).</summary>
    public static RedisServer Shared
    {
        get
        {
            lock (Gate)
            {
                return _shared ??= Start();
            }
        }
    }

    public static void StopShared()
    {
        lock (Gate)
        {
            _shared?.Dispose();
            _shared = null;
        }
    }

    private static RedisServer Start()
    {
        var binary = RequiredProgram.Find("redis-server", "redis-server");
        var folder = Directory.CreateTempSubdirectory("atra-redis-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RedisServer(process, folder, port);
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    break;
                }
                Thread.Sleep(100);
            }
        }
        process.Kill();
        Assert.Fail($"redis-server did not start on port {port}.");
        return null!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
