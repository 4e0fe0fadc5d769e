using Atra.Modules.Shared.Persistence;

namespace Atra.Tests.Fakes;

/// <summary>
/// A real write fault injected into the database: a trigger named <c>inject_fault</c> that aborts the statement when
/// its condition holds, written for either engine (SQLite's <c>RAISE(ABORT)</c>, a PL/pgSQL function on PostgreSQL).
/// </summary>
internal static class FaultTrigger
{
    /// <param name="timing">When it fires, e.g. <c>BEFORE INSERT</c> or <c>BEFORE UPDATE OF status</c>.</param>
    /// <param name="condition">The rows it fails, over <c>NEW</c> and <c>OLD</c>.</param>
    public static string Create(StorageProvider engine, string timing, string table, string condition) => engine == StorageProvider.Postgres
        ? $"""
            CREATE FUNCTION inject_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;
            CREATE TRIGGER inject_fault {timing} ON {table} FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION inject_fault();
            """
        : $"CREATE TRIGGER inject_fault {timing} ON {table} WHEN {condition} BEGIN SELECT RAISE(ABORT, 'injected fault'); END";

    public static string Drop(StorageProvider engine, string table) => engine == StorageProvider.Postgres
        ? $"DROP TRIGGER inject_fault ON {table}; DROP FUNCTION inject_fault();"
        : "DROP TRIGGER inject_fault";
}
