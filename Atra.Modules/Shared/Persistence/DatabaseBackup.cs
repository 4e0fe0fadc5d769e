using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Atra.Modules.Shared.Persistence;

/// <summary>Online backups through SQLite's backup API: consistent even while other connections write.</summary>
public static class DatabaseBackup
{
    private const string Prefix = "atra-";
    private const string Suffix = ".db";

    /// <summary>Copies the database to a timestamped file in <paramref name="folder"/> and prunes old copies.</summary>
    /// <returns>The path of the new backup.</returns>
    public static string Create(string connectionString, string folder, int keep, DateTimeOffset now)
    {
        Directory.CreateDirectory(folder);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var target = Path.Combine(folder, Prefix + stamp + Suffix);
        for (var n = 1; File.Exists(target); n++)
        {
            target = Path.Combine(folder, $"{Prefix}{stamp}-{n}{Suffix}");
        }

        using (var source = new SqliteConnection(connectionString))
        using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);
        }

        Prune(folder, keep);
        return target;
    }

    /// <summary>Keeps the <paramref name="keep"/> newest backups (names sort by time) and deletes the rest.</summary>
    public static IReadOnlyList<string> Prune(string folder, int keep)
    {
        var backups = Directory.GetFiles(folder, Prefix + "*" + Suffix);
        Array.Sort(backups, StringComparer.Ordinal);
        var removed = new List<string>();
        for (var i = 0; i < backups.Length - keep; i++)
        {
            File.Delete(backups[i]);
            removed.Add(backups[i]);
        }
        return removed;
    }
}
