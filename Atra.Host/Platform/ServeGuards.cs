using Atra.Host.Cli;
using Atra.Modules.Shared.Persistence;
using Microsoft.Extensions.Options;

namespace Atra.Host.Platform;

/// <summary>
/// What <c>atra serve</c> (and <c>atra demo</c>) refuse before starting anything: a second service on the same
/// SQLite file, and a replay of old candles with a real bot token (it would send 2021's signals to subscribers).
/// </summary>
internal static class ServeGuards
{
    /// <summary>Checks the settings and takes the database's instance lock, held until the returned object is disposed.</summary>
    /// <returns>The lock, or null when the store is not a SQLite file (Postgres is meant for several instances).</returns>
    public static IDisposable? Check(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        RefuseReplayWithBot(configuration);
        if (!UsesSqlite(configuration))
        {
            return null;
        }
        var database = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.Sqlite);
        return DatabaseInstanceLock.TryAcquireForService(database)
            ?? throw new RuntimeFailureException(
                $"another atra process is already serving {database} (it holds {DatabaseInstanceLock.LockPathOf(database)}); " +
                "a second one would double the exchange traffic and every Telegram send. Stop the other one, or run several " +
                "instances on Storage:Provider=Postgres.");
    }

    /// <summary>Only a SQLite store is one process's; <c>Storage:Provider=Postgres</c> is shared by design.</summary>
    internal static bool UsesSqlite(IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"];
        return string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
    }

    private static void RefuseReplayWithBot(IConfiguration configuration)
    {
        var source = configuration["Market:Source"] ?? "Replay";
        var botToken = configuration["Telegram:BotToken"];
        if (!source.Equals("Replay", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(botToken)
            || configuration.GetValue("Market:AllowReplayWithBot", false))
        {
            return;
        }
        throw new UsageException(
            "Market:Source is Replay and Telegram:BotToken is set: the bot would send replayed old candles' signals to real " +
            "subscribers. Set Market:Source=Binance or Bybit, clear Telegram:BotToken, or set Market:AllowReplayWithBot=true " +
            "for a test bot.");
    }
}
