using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Atra.Modules.Shared.Persistence;

/// <summary>
/// The few statements and errors that differ between SQLite and PostgreSQL, in one place. Everything else is written
/// once in the SQL both engines share: <c>ON CONFLICT ... DO NOTHING/DO UPDATE</c> (not <c>INSERT OR IGNORE</c>),
/// <c>RETURNING id</c> (not <c>last_insert_rowid()</c>), <c>coalesce</c>, <c>CAST(x AS DOUBLE PRECISION)</c>, and
/// money as text decimals on both. Modules take the dialect from <see cref="IDbConnectionFactory.Dialect"/>.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    public abstract StorageProvider Provider { get; }

    /// <summary>A case-insensitive (ASCII) equality of a text column and a parameter, using the engine's index for it.</summary>
    public abstract string EqualsIgnoreCase(string column, string parameter);

    /// <summary>True when the lowercased <paramref name="column"/> contains the lowercased <paramref name="parameter"/>.</summary>
    public abstract string ContainsIgnoreCase(string column, string parameter);

    /// <summary>
    /// Appended to a <c>SELECT</c> that reads a row a transaction then updates. SQLite needs nothing (its write
    /// transaction is the whole database's); PostgreSQL locks the rows read, so two instances cannot both update
    /// from the same old value.
    /// </summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// Begins a transaction that may read and then write. SQLite's is <c>BEGIN IMMEDIATE</c>: it holds the database's
    /// one write lock from the start, so every such transaction sees the last one's writes. PostgreSQL's takes a
    /// transaction-scoped advisory lock standing for that write lock, so these transactions keep that order across
    /// instances too (row locks alone would not cover a read such as a user's last balance); plain reads never wait.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>A floating-point expression rounded to <paramref name="digits"/> decimals, as text (display figures only).</summary>
    public abstract string RoundToText(string expression, int digits);

    /// <summary>True for "no such table" (a database the migrations have not reached yet).</summary>
    public abstract bool IsMissingTable(Exception exception);

    /// <summary>True when another connection held what this one needed past the wait (<c>Storage:BusyTimeout</c>).</summary>
    public abstract bool IsBusy(Exception exception);

    private sealed class SqliteDialect : SqlDialect
    {
        public override StorageProvider Provider => StorageProvider.Sqlite;

        // The unique index on users.username is COLLATE NOCASE; comparing with the same collation uses it.
        public override string EqualsIgnoreCase(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

        public override string ContainsIgnoreCase(string column, string parameter) => $"instr(lower({column}), lower({parameter})) > 0";

        public override string ForUpdate => "";

        public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            connection.BeginTransactionAsync(cancellationToken);

        public override string RoundToText(string expression, int digits) => $"CAST(ROUND({expression}, {digits}) AS TEXT)";

        // SQLITE_ERROR: in a well-formed statement, the missing table.
        public override bool IsMissingTable(Exception exception) => exception is SqliteException { SqliteErrorCode: 1 };

        // SQLITE_BUSY, SQLITE_LOCKED.
        public override bool IsBusy(Exception exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override StorageProvider Provider => StorageProvider.Postgres;

        // The Postgres migrations index lower(username); the same expression uses it.
        public override string EqualsIgnoreCase(string column, string parameter) => $"lower({column}) = lower({parameter})";

        public override string ContainsIgnoreCase(string column, string parameter) => $"strpos(lower({column}), lower({parameter})) > 0";

        public override string ForUpdate => " FOR UPDATE";

        // An arbitrary constant of Atra's (ASCII "ATRAWRIT"), distinct from its other advisory lock keys.
        private const long WriteLockKey = 0x4154524157524954;

        public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"SELECT pg_advisory_xact_lock({WriteLockKey})";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return transaction;
            }
            catch
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        // round(x, n) exists for numeric only; trim_scale drops the zeros numeric keeps, as SQLite's REAL text does.
        public override string RoundToText(string expression, int digits) => $"CAST(trim_scale(ROUND(CAST({expression} AS NUMERIC), {digits})) AS TEXT)";

        public override bool IsMissingTable(Exception exception) =>
            exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable };

        // lock_timeout (set from Storage:BusyTimeout), a deadlock, or a serialization failure: all "try again later".
        public override bool IsBusy(Exception exception) => exception is PostgresException
        {
            SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        };
    }
}
