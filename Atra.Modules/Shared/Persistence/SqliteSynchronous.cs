namespace Atra.Modules.Shared.Persistence;

/// <summary>SQLite's <c>synchronous</c> setting for Atra's WAL database (<c>Storage:Synchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>fsync the WAL at checkpoints only: a commit survives a crash of Atra, and may be lost on power loss.</summary>
    Normal,

    /// <summary>fsync the WAL at every commit: a commit survives power loss too, at one disk flush per commit.</summary>
    Full,
}
