namespace Atra.Modules.Shared.Persistence;

/// <summary>Which engine holds Atra's data (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (<c>Storage:Sqlite</c>): the default, for one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>Storage:Postgres</c>, an Npgsql connection string), shared by several instances.</summary>
    Postgres,
}
