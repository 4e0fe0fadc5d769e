namespace Atra.Modules.Shared.Persistence;

/// <summary>The connection factory for the configured <c>Storage:Provider</c>.</summary>
public static class DbConnectionFactories
{
    public static IDbConnectionFactory Create(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Postgres => new PostgresConnectionFactory(options),
        _ => new SqliteConnectionFactory(options),
    };
}
