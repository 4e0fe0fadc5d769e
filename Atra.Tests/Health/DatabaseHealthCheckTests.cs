using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

public class DatabaseHealthCheckTests
{
    private static DatabaseHealthCheck Check(HealthTestDatabase db, HealthOptions? options = null) =>
        new(db.Connections, db.StorageOptions, Options.Create(options ?? new HealthOptions { DatabaseLockTimeout = TimeSpan.FromMilliseconds(300) }), TimeProvider.System);

    [Test]
    public async Task Check_MigratedDatabase_HealthyWithFigures()
    {
        using var db = new HealthTestDatabase();

        var result = (await Check(db).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Name, Is.EqualTo("database"));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
        Assert.That(result.Data["quick_check"], Is.EqualTo("ok"));
        Assert.That((long)result.Data["size_bytes"]!, Is.GreaterThan(0));
        Assert.That(result.Data["journal_mode"], Is.EqualTo("wal"));
        Assert.That(result.Data, Does.ContainKey("last_write_age_s"));
    }

    [Test]
    public async Task Check_AnotherConnectionHoldsExclusiveLock_CriticalWithReason()
    {
        using var db = new HealthTestDatabase();
        // A separate, unpooled connection that takes the write lock and keeps it, as a stuck writer would.
        var holderConnection = new SqliteConnectionStringBuilder { DataSource = db.Storage.Sqlite, Pooling = false }.ToString();
        await using var holder = new SqliteConnection(holderConnection);
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, risk_pct, filter_mode, signal_time, created_at) VALUES ('BTCUSDT','long','1','1','1','1','1','soft',1,1);";
            await begin.ExecuteNonQueryAsync();
        }

        var result = (await Check(db).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("locked by another connection"));

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        var after = (await Check(db).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();
        Assert.That(after.Status, Is.EqualTo(HealthStatus.Healthy), after.Reason);
    }

    [Test]
    public async Task Check_NoDatabaseFile_CriticalAndCreatesNothing()
    {
        using var db = new HealthTestDatabase(migrate: false);

        var result = (await Check(db).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("no database"));
        Assert.That(File.Exists(db.Storage.Sqlite), Is.False);
    }

    [Test]
    public async Task Check_SizeAboveThreshold_Warning()
    {
        using var db = new HealthTestDatabase();

        var result = (await Check(db, new HealthOptions { DatabaseSizeWarningBytes = 1024 }).CheckAsync(HealthCheckContext.Command, CancellationToken.None)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Reason, Does.Contain("grown"));
    }
}
