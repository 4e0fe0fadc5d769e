namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// An OS lock on a file beside the SQLite database (<c>atra.db.lock</c>), held by the one process that serves it.
/// A second <c>atra serve</c> on the same file would double the exchange traffic and every Telegram send, and a
/// restore under a running service would pull the database from under it: both take this lock first. The lock is
/// the kernel's (an exclusive <c>flock</c> on Linux, a share-mode lock on Windows), so it goes with the process,
/// also on <c>kill -9</c>: a stale lock file left behind is harmless, only the lock counts.
/// </summary>
public sealed class DatabaseInstanceLock : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseInstanceLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file's full path.</summary>
    public string Path { get; }

    /// <summary>The lock file of a database file: the same path with <c>.lock</c> added.</summary>
    public static string LockPathOf(string databasePath) => System.IO.Path.GetFullPath(databasePath) + ".lock";

    /// <summary>Takes the lock, or returns null when another process (or another holder in this one) has it.</summary>
    public static DatabaseInstanceLock? TryAcquire(string databasePath)
    {
        var path = LockPathOf(databasePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            // FileShare.None: .NET takes flock(LOCK_EX | LOCK_NB) on Unix, which fails at once while another holds it.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DatabaseInstanceLock(stream, path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
