using Atra.Tests.Fakes;

namespace Atra.Tests;

/// <summary>Stops the shared redis-server and PostgreSQL server after the last test of the run.</summary>
[SetUpFixture]
public sealed class RedisTeardown
{
    [OneTimeTearDown]
    public void StopServers()
    {
        RedisServer.StopShared();
        PostgresServer.StopShared();
    }
}
