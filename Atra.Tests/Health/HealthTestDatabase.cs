using Atra.Modules.Shared.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

/// <summary>A migrated SQLite database in a temporary folder, and a way to put signals in it.</summary>
internal sealed class HealthTestDatabase : IDisposable
{
    private const string InsertSql = """
        INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, risk_pct, filter_mode,
                                      status, result, exit_reason, profit_pct, exit_ts, interval, signal_time, created_at, user_id)
        VALUES (@Symbol, @Side, @Entry, @Tp1, @Tp2, @Sl, '1', @Mode, @Status, @Result, @ExitReason, @ProfitPct, @ExitTs, @Interval, @SignalTime, @CreatedAt, NULL)
        """;

    public HealthTestDatabase(bool migrate = true)
    {
        Folder = Path.Combine(Path.GetTempPath(), "atra-health-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Storage = new StorageOptions { Sqlite = Path.Combine(Folder, "atra.db"), BackupFolder = Path.Combine(Folder, "backups") };
        Connections = new SqliteConnectionFactory(Storage);
        if (migrate)
        {
            new MigrationRunner(Connections, Options.Create(Storage), TimeProvider.System, NullLogger<MigrationRunner>.Instance).Run();
        }
    }

    public string Folder { get; }

    public StorageOptions Storage { get; }

    public IOptions<StorageOptions> StorageOptions => Options.Create(Storage);

    public SqliteConnectionFactory Connections { get; }

    public void InsertSignal(string symbol, string side, DateTimeOffset createdAt, long signalTimeMs, string entry = "100", string status = "open",
        string? result = null, string? profitPct = null, DateTimeOffset? exitAt = null, string interval = "1h", string mode = "soft")
    {
        using var connection = Connections.Open();
        connection.Execute(InsertSql, new
        {
            Symbol = symbol,
            Side = side,
            Entry = entry,
            Tp1 = entry,
            Tp2 = entry,
            Sl = entry,
            Mode = mode,
            Status = status,
            Result = result,
            ExitReason = result is null ? null : result == "win" ? "tp2" : "sl",
            ProfitPct = profitPct,
            ExitTs = exitAt?.ToUnixTimeMilliseconds(),
            Interval = interval,
            SignalTime = signalTimeMs,
            CreatedAt = createdAt.ToUnixTimeMilliseconds(),
        });
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
