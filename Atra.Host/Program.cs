using System.CommandLine;
using Atra.Host.Cli;
using Atra.Modules.Auth;
using Atra.Modules.Backtest;
using Atra.Modules.Health;
using Atra.Modules.MarketData;
using Atra.Modules.MLOps;
using Atra.Modules.Positions;
using Atra.Modules.Risk;
using Atra.Modules.Shared;
using Atra.Modules.Signals;
using Atra.Modules.Telegram;
using Atra.Modules.Users;

namespace Atra.Host;

/// <summary>Atra's table of contents: its commands, its modules and their HTTP endpoints.</summary>
/// <remarks>Not static only so that host tests can name it: <c>WebApplicationFactory&lt;Program&gt;</c>.</remarks>
public sealed class Program
{
    private Program()
    {
    }

    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Atra: crypto trading signals for many subscribers");
        root.Subcommands.Add(ServeCommand.Create(root));
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(BackupCommand.CreateBackup());
        root.Subcommands.Add(BackupCommand.CreateRestore());
        root.Subcommands.Add(IndicatorsCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(MLOpsCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        return CliRunner.RunAsync(root, args);
    }

    /// <summary>Every module, by name, in dependency order.</summary>
    internal static void AddModules(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSharedModule(configuration);
        services.AddUsersModule(configuration);
        services.AddAuthModule(configuration);
        services.AddMarketDataModule(configuration);
        services.AddRiskModule(configuration);
        services.AddSignalsModule(configuration);
        services.AddPositionsModule(configuration);
        services.AddBacktestModule(configuration);
        services.AddMLOpsModule(configuration);
        services.AddHealthModule(configuration);
        services.AddTelegramModule(configuration);
    }

    /// <summary>Every module's HTTP endpoints.</summary>
    internal static void MapModules(WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapUsersEndpoints();
        app.MapSignalsEndpoints();
        app.MapPositionsEndpoints();
        app.MapBacktestEndpoints();
        app.MapMLOpsEndpoints();
        app.MapTelegramEndpoints();
    }
}
