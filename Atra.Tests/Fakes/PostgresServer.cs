using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Atra.Tests.Fakes;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package: <c>initdb</c> and <c>postgres</c> from
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>) in a temp cluster on a free loopback port, started once for the test
/// run and stopped by <see cref="RedisTeardown"/>. Each fixture gets its own database (<see cref="CreateDatabase"/>).
/// A missing server skips the test with the install line, or fails it on CI (<see cref="RequiredProgram"/>).
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, and tests (CI containers) often do: as root the cluster folder is given to the
/// unprivileged <c>postgres</c> account the package creates (else <c>nobody</c>) and both programs are started through
/// <c>setpriv</c>, which changes the user and then <em>execs</em> the program, so the process started here is the
/// postmaster itself and stopping it needs no process-tree search. The cluster trades durability for speed
/// (<c>fsync=off</c>): it lives as long as the test run.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    /// <summary>Folder of the server's programs, overriding the search (e.g. another version, or a missing one).</summary>
    public const string BinFolderVariable = "ATRA_POSTGRES_BIN";

    /// <summary>The superuser the cluster was made with (no password: loopback connections are trusted).</summary>
    public const string Superuser = "atra";

    private const string Install = "sudo apt-get install -y postgresql";
    private static readonly Lock Gate = new();
    private static PostgresServer? _shared;
    private static int _databases;

    private readonly Process _process;
    private readonly string _folder;
    private readonly string _binFolder;
    private readonly string? _runAs;

    private PostgresServer(Process process, string folder, string binFolder, string? runAs, int port)
    {
        _process = process;
        _folder = folder;
        _binFolder = binFolder;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        // Tests open many short-lived pools (a database per fixture); keep each small.
        MaxPoolSize = 20,
    }.ToString();

    /// <summary>The run's server; ignores the calling test when PostgreSQL is not installed (and not on CI).</summary>
    public static PostgresServer Shared
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

    /// <summary>
    /// Creates an empty database (or a copy of <paramref name="template"/>, which nobody may be connected to) with a
    /// name unique in the run, and returns its connection string.
    /// </summary>
    public string CreateDatabase(string? template = null)
    {
        var name = $"atra_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        Execute($"CREATE DATABASE {name}" + (template is null ? "" : $" TEMPLATE {template}"));
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever is still connected to it.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>Runs a statement on the maintenance database (<c>postgres</c>).</summary>
    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The folder holding <c>initdb</c> and <c>postgres</c>, or null when PostgreSQL is not installed.</summary>
    public static string? LocateBinFolder()
    {
        var configured = Environment.GetEnvironmentVariable(BinFolderVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return HasServer(configured) ? configured : null;
        }
        if (RequiredProgram.Locate("initdb") is { } onPath && HasServer(Path.GetDirectoryName(onPath)!))
        {
            return Path.GetDirectoryName(onPath);
        }
        // Debian keeps the server's programs per major version, off PATH; take the newest installed.
        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian))
        {
            return null;
        }
        return Directory.GetDirectories(debian)
            .Select(version => (Major: int.TryParse(Path.GetFileName(version), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1,
                Bin: Path.Combine(version, "bin")))
            .Where(v => v.Major >= 0 && HasServer(v.Bin))
            .OrderByDescending(v => v.Major)
            .Select(v => v.Bin)
            .FirstOrDefault();
    }

    private static bool HasServer(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "postgres"));

    private static PostgresServer Start()
    {
        var bin = LocateBinFolder() ?? throw RequiredProgram.Unavailable("PostgreSQL's server (initdb, postgres) is not installed", Install);
        var runAs = RunAs();
        var folder = Directory.CreateTempSubdirectory("atra-postgres-").FullName;
        var data = Path.Combine(folder, "data");
        if (runAs is not null)
        {
            Run("chown", [runAs, folder], folder);
        }

        var init = Run(Path.Combine(bin, "initdb"), [
            "-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
        ], folder, runAs);
        if (init.ExitCode != 0)
        {
            Assert.Fail($"initdb failed ({init.ExitCode}): {init.Output}");
        }

        var port = FreePort();
        var server = Spawn(Path.Combine(bin, "postgres"), [
            "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", folder,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB",
        ], runAs);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        // Ready when it accepts a real session, not merely the TCP connection (it listens before recovery ends).
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = Superuser, Database = "postgres", Pooling = false, Timeout = 2,
        };
        for (var attempt = 0; attempt < 150 && !server.HasExited; attempt++)
        {
            try
            {
                using var connection = new NpgsqlConnection(builder.ToString());
                connection.Open();
                return new PostgresServer(server, folder, bin, runAs, port);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException)
            {
                Thread.Sleep(100);
            }
        }
        if (!server.HasExited)
        {
            server.Kill();
        }
        Assert.Fail($"postgres did not start on port {port}: {string.Join('\n', log)}");
        return null!;
    }

    // As root: the unprivileged account to run the server as; otherwise null (the server runs as the tests' user).
    private static string? RunAs()
    {
        if (!IsRoot())
        {
            return null;
        }
        RequiredProgram.Find("setpriv", "util-linux");
        return AccountExists("postgres") ? "postgres" : "nobody";
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool AccountExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));

    private static string Group(string user)
    {
        var entry = File.ReadLines("/etc/passwd").First(l => l.StartsWith(user + ":", StringComparison.Ordinal)).Split(':');
        return entry[3];
    }

    private static Process Spawn(string program, IEnumerable<string> arguments, string? runAs)
    {
        var start = runAs is null ? new ProcessStartInfo(program) : new ProcessStartInfo("setpriv");
        if (runAs is not null)
        {
            // setpriv execs the program after changing user: the started process is the program itself.
            foreach (var option in new[] { "--reuid=" + runAs, "--regid=" + Group(runAs), "--init-groups", "--" })
            {
                start.ArgumentList.Add(option);
            }
            start.ArgumentList.Add(program);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // The server's own locale and time zone, not the test runner's.
        start.Environment["LC_ALL"] = "C";
        start.Environment["TZ"] = "UTC";
        return Process.Start(start)!;
    }

    private static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, string folder, string? runAs = null)
    {
        using var process = Spawn(program, arguments, runAs);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            Assert.Fail($"{program} did not finish within 2 minutes (in {folder}).");
        }
        return (process.ExitCode, output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (!_process.HasExited)
        {
            // pg_ctl's immediate stop ends every backend at once (nothing to keep); killing the postmaster alone would
            // leave its backends running.
            Run(Path.Combine(_binFolder, "pg_ctl"), ["stop", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w"], _folder, _runAs);
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }
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
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
