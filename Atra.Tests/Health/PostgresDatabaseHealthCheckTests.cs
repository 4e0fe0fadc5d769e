using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

/// <summary>The <c>database</c> component with <c>Storage:Provider=Postgres</c>: the server answers and takes writes.</summary>
public class PostgresDatabaseHealthCheckTests
{
    private static DatabaseHealthCheck Check(IDbConnectionFactory connections, StorageOptions storage) =>
        new(connections, Options.Create(storage), Options.Create(new HealthOptions { DatabaseLockTimeout = TimeSpan.FromSeconds(3) }), TimeProvider.System);

    [Test]
    public async Task Check_ReachableServer_HealthyWithSizeAndNoPassword()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);

        var result = (await Check(storage.Connections, storage.Options).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
        Assert.That(result.Data["provider"], Is.EqualTo("postgres"));
        Assert.That((long)result.Data["size_bytes"]!, Is.GreaterThan(0));
        Assert.That((string)result.Data["server"]!, Does.StartWith("127.0.0.1:"));
    }

    [Test]
    public async Task Check_ReadOnlyDatabase_Critical()
    {
        using var storage = new TestStorage(engine: StorageProvider.Postgres);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(storage.Options.Postgres).Database;
        // A database that takes no writes, as a standby or a read-only switch would leave it.
        PostgresServer.Shared.Execute($"ALTER DATABASE {name} SET default_transaction_read_only = on");

        var result = (await Check(storage.Connections, storage.Options).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("takes no writes"));
    }

    [Test]
    public async Task Check_UnreachableServer_CriticalWithoutThePassword()
    {
        var options = new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            Postgres = "Host=127.0.0.1;Port=1;Database=atra;Username=atra;Password=hunter2-secret;Timeout=2",
        };
        using var connections = (PostgresConnectionFactory)DbConnectionFactories.Create(options);

        var result = (await Check(connections, options).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("cannot be used"));
        Assert.That(string.Join(' ', result.Data.Values) + result.Detail, Does.Not.Contain("hunter2-secret"));
    }
}
