using Atra.Tests.Fakes;
using Npgsql;

namespace Atra.Tests.Shared.Persistence;

/// <summary>The test run's real PostgreSQL server: a database per fixture, isolated from the others.</summary>
public class PostgresServerTests
{
    [Test]
    public void CreateDatabase_TwoDatabases_AreSeparateAndDroppable()
    {
        var server = PostgresServer.Shared;
        var first = server.CreateDatabase();
        var second = server.CreateDatabase();
        try
        {
            Execute(first, "CREATE TABLE marks (id bigint PRIMARY KEY, amount numeric NOT NULL); INSERT INTO marks VALUES (1, 0.1 + 0.2)");

            Assert.Multiple(() =>
            {
                // numeric is exact: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
                Assert.That(Scalar(first, "SELECT amount FROM marks"), Is.EqualTo(0.3m));
                Assert.That(Scalar(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marks'"), Is.Zero);
                Assert.That(Scalar(first, "SELECT current_setting('listen_addresses')"), Is.EqualTo("127.0.0.1"), "loopback only");
            });
        }
        finally
        {
            server.DropDatabase(first);
            server.DropDatabase(second);
        }
        var name = new NpgsqlConnectionStringBuilder(first).Database;
        Assert.That(Scalar(server.ConnectionString("postgres"), $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"), Is.Zero);
    }

    [Test]
    public void Server_Always_RunsAsAnUnprivilegedAccount()
    {
        var server = PostgresServer.Shared;

        // PostgreSQL refuses root; when the tests run as root the fixture starts it as an unprivileged account.
        var backend = Convert.ToInt32(Scalar(server.ConnectionString("postgres"), "SELECT pg_backend_pid()"), System.Globalization.CultureInfo.InvariantCulture);
        var uid = File.ReadAllLines($"/proc/{backend}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.That(uid, Is.Not.EqualTo("0"));
        Assert.That(Scalar(server.ConnectionString("postgres"), "SELECT current_user"), Is.EqualTo(PostgresServer.Superuser));
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is long n ? n : value;
    }
}
