namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// An OS lock on a file beside the SQLite database (<c>atra.db.lock</c>), held by the one process that serves it.
/// A second <c>atra serve</c> on the same file would double the exchange traffic and every Telegram send, and a
/// restore under a running service would pull the database from under it: both take this lock first. The lock is
/// the kernel's (an exclusive <c>flock</c> on Linux, a share-mode lock on Windows), so it goes with the process,
/// also on <c>kill -9</c>: a stale lock file left behind is harmless, only the lock counts.
/// <para>
/// The unit is the process: hosts in one process (a test's in-memory hosts) share the service lock
/// (<see cref="TryAcquireForService"/>), while <see cref="TryAcquireExclusive"/> (restore) fails whenever anyone,
/// this process included, holds it.
/// </para>
/// </summary>
public sealed class DatabaseInstanceLock : IDisposable
{
    private static readonly Dictionary<string, Holder> Held = new(StringComparer.Ordinal);
    private readonly string _path;
    private bool _disposed;

    private DatabaseInstanceLock(string path) => _path = path;

    /// <summary>The lock file of a database file: the same path with <c>.lock</c> added.</summary>
    public static string LockPathOf(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <summary>For a service: takes the lock, or shares it with another host of this process; null when another process (or a restore) has it.</summary>
    public static DatabaseInstanceLock? TryAcquireForService(string databasePath) => TryAcquire(databasePath, exclusive: false);

    /// <summary>For a restore: takes the lock only when nobody holds it, this process included.</summary>
    public static DatabaseInstanceLock? TryAcquireExclusive(string databasePath) => TryAcquire(databasePath, exclusive: true);

    private static DatabaseInstanceLock? TryAcquire(string databasePath, bool exclusive)
    {
        var path = LockPathOf(databasePath);
        lock (Held)
        {
            if (Held.TryGetValue(path, out var holder))
            {
                if (exclusive || holder.Exclusive)
                {
                    return null;
                }
                holder.Count++;
                return new DatabaseInstanceLock(path);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                // FileShare.None: .NET takes flock(LOCK_EX | LOCK_NB) on Unix, which fails at once while another holds it.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Held[path] = new Holder(stream, exclusive);
                return new DatabaseInstanceLock(path);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (Held)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            var holder = Held[_path];
            if (--holder.Count == 0)
            {
                Held.Remove(_path);
                holder.Stream.Dispose();
            }
        }
    }

    private sealed class Holder(FileStream stream, bool exclusive)
    {
        public FileStream Stream { get; } = stream;

        public bool Exclusive { get; } = exclusive;

        public int Count { get; set; } = 1;
    }
}
