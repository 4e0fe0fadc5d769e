using System.Reflection;
using DbUp.Engine;

namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// Finds every module's migration scripts for one engine and orders them by their number, not by module name, so a
/// module's table can reference another module's older table. SQLite's are <c>&lt;Module&gt;/Migrations/NNNN_name.sql</c>;
/// PostgreSQL's are their twins of the same name in <c>&lt;Module&gt;/Migrations/Postgres/</c> (a test holds the two
/// sets equal), so both journals name the same steps.
/// </summary>
internal static class MigrationScripts
{
    private const string Marker = ".Migrations.";
    private const string PostgresFolder = "Postgres.";

    public static IReadOnlyList<SqlScript> Load(Assembly assembly, StorageProvider provider = StorageProvider.Sqlite)
    {
        var scripts = new List<SqlScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            // The journal keeps the file name only: stable even if a module's folder is renamed.
            var name = resource[(at + Marker.Length)..];
            var forPostgres = name.StartsWith(PostgresFolder, StringComparison.Ordinal);
            if (forPostgres != (provider == StorageProvider.Postgres))
            {
                continue;
            }
            name = forPostgres ? name[PostgresFolder.Length..] : name;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new SqlScript(name, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (Number(scripts[i].Name) == Number(scripts[i - 1].Name))
            {
                throw new InvalidOperationException(
                    $"Two migration scripts share the number {Number(scripts[i].Name)}: {scripts[i - 1].Name} and {scripts[i].Name}.");
            }
        }
        return scripts;
    }

    private static string Number(string name) => name.Split('_', 2)[0];
}
