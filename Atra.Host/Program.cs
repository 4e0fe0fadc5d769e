using System.CommandLine;
using Atra.Host.Cli;
using Atra.Modules.Shared;
using Atra.Modules.Users;

namespace Atra.Host;

/// <summary>Atra's table of contents: its commands, its modules and their HTTP endpoints.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Atra: crypto trading signals for many subscribers");
        root.Subcommands.Add(ServeCommand.Create(root));
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(IndicatorsCommand.Create());
        return CliRunner.RunAsync(root, args);
    }

    /// <summary>Every module, by name, in dependency order.</summary>
    internal static void AddModules(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSharedModule(configuration);
        services.AddUsersModule(configuration);
    }

    /// <summary>Every module's HTTP endpoints.</summary>
    internal static void MapModules(WebApplication app)
    {
        _ = app;
    }
}
