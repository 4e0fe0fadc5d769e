using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>
/// Backups of a PostgreSQL store (<c>Storage:Provider=Postgres</c>) with PostgreSQL's own tools: <c>pg_dump</c> in its
/// custom format (one consistent snapshot while the instances keep writing, compressed) into
/// <c>Storage:BackupFolder</c> as <c>atra-&lt;UTC timestamp&gt;.dump</c>; <c>pg_restore</c> to check and restore one.
/// The programs come from <c>PATH</c> (Debian's <c>postgresql-client</c>; its major version must be at least the
/// server's). They connect through libpq's environment variables (<c>PGHOST</c> … <c>PGPASSWORD</c>), so the password is
/// never on a command line another user could read.
/// </summary>
internal sealed partial class PostgresDatabaseBackups(
    IDbConnectionFactory connections,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<PostgresDatabaseBackups> logger) : IDatabaseBackups
{
    private const string Prefix = "atra-";
    private const string Suffix = ".dump";
    private const string JournalTable = "schema_versions";

    public string Engine => "postgres";

    public async Task<BackupResult> BackupAsync(CancellationToken cancellationToken)
    {
        var options = storage.Value;
        Directory.CreateDirectory(options.BackupFolder);
        var started = Stopwatch.GetTimestamp();
        var takenAt = clock.GetUtcNow();
        var path = FreeName(options.BackupFolder, Prefix + Stamp(takenAt));
        await DumpAsync(path, cancellationToken).ConfigureAwait(false);
        // Pruning runs after the dump, so a failed dump never costs an older good backup.
        var pruned = Prune(options.BackupFolder, options.KeepBackups);
        var result = new BackupResult(path, new FileInfo(path).Length, takenAt, Stopwatch.GetElapsedTime(started), pruned);
        LogBackedUp(logger, path, result.Bytes, result.Duration.TotalMilliseconds, pruned.Count);
        return result;
    }

    public Task<BackupCheck> VerifyAsync(string file, CancellationToken cancellationToken) => VerifyFileAsync(file, cancellationToken);

    public async Task<RestoreResult> RestoreAsync(string file, CancellationToken cancellationToken)
    {
        var check = await VerifyFileAsync(file, cancellationToken).ConfigureAwait(false);
        if (!check.Usable)
        {
            throw new BackupRefusedException($"{file} cannot be restored: {check.Problem}");
        }
        var target = Describe();
        NpgsqlConnection.ClearAllPools();
        await using (var connection = (NpgsqlConnection)await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            // Every instance shares the database: restoring under one that is running would mix two histories.
            var others = await ScalarAsync<long>(connection,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", cancellationToken).ConfigureAwait(false);
            if (others > 0)
            {
                throw new BackupRefusedException(
                    $"{others} other sessions are connected to {target}: stop every atra instance first (docker compose stop atra), then restore");
            }
        }

        var folder = storage.Value.BackupFolder;
        Directory.CreateDirectory(folder);
        // Outside the rotated backups (another name), so retention never removes it and it never pushes one out.
        var saved = FreeName(folder, "before-restore-" + Stamp(clock.GetUtcNow()));
        await DumpAsync(saved, cancellationToken).ConfigureAwait(false);

        // The schema is emptied and rebuilt from the dump, so tables a newer migration added do not survive beside it.
        await using (var connection = (NpgsqlConnection)await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await ScalarAsync<object>(connection, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", cancellationToken).ConfigureAwait(false);
        }
        var restore = await RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", DatabaseName(), file], cancellationToken).ConfigureAwait(false);
        if (restore.ExitCode != 0)
        {
            throw new BackupRefusedException($"pg_restore failed ({OneLine(restore.Error)}); the previous contents are in {saved}");
        }
        LogRestored(logger, file, target, saved);
        return new RestoreResult(check, target, saved);
    }

    private async Task<BackupCheck> VerifyFileAsync(string file, CancellationToken cancellationToken)
    {
        var known = MigrationScripts.Load(typeof(MigrationRunner).Assembly, StorageProvider.Postgres).Select(s => s.Name).ToList();
        BackupCheck Problem(string problem, int applied = 0) => new(file, applied, known.Count, [], problem);
        if (!File.Exists(file))
        {
            return Problem("no such file");
        }
        // The table of contents proves a whole custom-format archive; the journal's rows say which schema it holds.
        var contents = await RunAsync("pg_restore", ["--list", file], cancellationToken).ConfigureAwait(false);
        if (contents.ExitCode != 0)
        {
            return Problem($"it is not a readable pg_dump archive ({OneLine(contents.Error)})");
        }
        if (!contents.Output.Contains($"TABLE DATA public {JournalTable} ", StringComparison.Ordinal))
        {
            return Problem($"it holds no Atra schema (no {JournalTable} table)");
        }
        var journal = await RunAsync("pg_restore", ["--data-only", "--table", JournalTable, "--file", "-", file], cancellationToken).ConfigureAwait(false);
        if (journal.ExitCode != 0)
        {
            return Problem($"its {JournalTable} table cannot be read ({OneLine(journal.Error)})");
        }
        var applied = JournalRows(journal.Output);
        var unknown = applied.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return Problem(
                $"it was written by a newer Atra: its migrations {string.Join(", ", unknown.Take(5))} are unknown to this version; restore it with the version that made it",
                applied.Count);
        }
        return new BackupCheck(file, applied.Count, known.Count, [.. known.Except(applied, StringComparer.Ordinal)], null);
    }

    // COPY text: "COPY public.schema_versions (schemaversionsid, scriptname, applied) FROM stdin;", tab-separated rows, "\.".
    private static List<string> JournalRows(string copy)
    {
        var rows = new List<string>();
        var inData = false;
        foreach (var line in copy.Split('\n'))
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal))
            {
                inData = true;
                continue;
            }
            if (!inData)
            {
                continue;
            }
            if (line == "\\.")
            {
                break;
            }
            var fields = line.Split('\t');
            if (fields.Length >= 2)
            {
                rows.Add(fields[1]);
            }
        }
        return rows;
    }

    private async Task DumpAsync(string path, CancellationToken cancellationToken)
    {
        var dump = await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", path], cancellationToken).ConfigureAwait(false);
        if (dump.ExitCode != 0)
        {
            File.Delete(path);
            throw new BackupRefusedException($"pg_dump of {Describe()} failed ({OneLine(dump.Error)})");
        }
    }

    private string DatabaseName() => new NpgsqlConnectionStringBuilder(connections.ConnectionString).Database ?? "";

    /// <summary>Where to connect, for libpq's programs: its environment variables, the password among them.</summary>
    private Dictionary<string, string> LibpqEnvironment()
    {
        var b = new NpgsqlConnectionStringBuilder(connections.ConnectionString);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGHOST"] = b.Host ?? "localhost",
            ["PGPORT"] = b.Port.ToString(CultureInfo.InvariantCulture),
            ["PGDATABASE"] = b.Database ?? "",
            ["PGSSLMODE"] = b.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
        };
        if (!string.IsNullOrEmpty(b.Username))
        {
            environment["PGUSER"] = b.Username;
        }
        if (!string.IsNullOrEmpty(b.Password))
        {
            environment["PGPASSWORD"] = b.Password;
        }
        return environment;
    }

    private string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(connections.ConnectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in LibpqEnvironment())
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BackupRefusedException($"{program} cannot be run ({ex.Message}): install PostgreSQL's client programs (apt-get install postgresql-client)");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default! : (T)value;
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    private static string FreeName(string folder, string stem)
    {
        var path = Path.Combine(folder, stem + Suffix);
        for (var n = 1; File.Exists(path); n++)
        {
            path = Path.Combine(folder, $"{stem}-{n}{Suffix}");
        }
        return path;
    }

    /// <summary>Keeps the <paramref name="keep"/> newest dumps (names sort by time) and deletes the rest.</summary>
    private static List<string> Prune(string folder, int keep)
    {
        var dumps = Directory.GetFiles(folder, Prefix + "*" + Suffix);
        Array.Sort(dumps, StringComparer.Ordinal);
        var removed = new List<string>();
        for (var i = 0; i < dumps.Length - keep; i++)
        {
            File.Delete(dumps[i]);
            removed.Add(dumps[i]);
        }
        return removed;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed up the PostgreSQL database to {BackupPath} ({Bytes} bytes in {Milliseconds:0} ms; {Pruned} old backups pruned)")]
    private static partial void LogBackedUp(ILogger logger, string backupPath, long bytes, double milliseconds, int pruned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restored {BackupFile} into {Database}; the previous contents are in {Saved}")]
    private static partial void LogRestored(ILogger logger, string backupFile, string database, string saved);
}

/// <summary>Registers the backups of the configured engine ahead of the SQLite default.</summary>
internal static class EngineBackupsRegistration
{
    /// <summary>
    /// <see cref="IDatabaseBackups"/> follows <c>Storage:Provider</c>: pg_dump/pg_restore for PostgreSQL, SQLite's backup
    /// API otherwise. Registered before <see cref="BackupServiceCollectionExtensions.AddDatabaseBackups"/>, whose
    /// SQLite registration then stands back.
    /// </summary>
    public static IServiceCollection AddEngineBackups(this IServiceCollection services)
    {
        services.AddSingleton<IDatabaseBackups>(provider =>
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? ActivatorUtilities.CreateInstance<PostgresDatabaseBackups>(provider)
                : ActivatorUtilities.CreateInstance<SqliteDatabaseBackups>(provider));
        return services;
    }
}
