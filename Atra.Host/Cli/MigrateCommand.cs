using System.CommandLine;
using Atra.Host.Platform;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users.LegacyImport;

namespace Atra.Host.Cli;

/// <summary><c>atra migrate [--import-users FILE]</c>: apply migrations (backup first), import legacy users.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var importUsers = new Option<FileInfo?>("--import-users") { Description = "A legacy users JSON file to import (renamed *.migrated on success)" };
        var command = new Command("migrate", "Apply database migrations (backup first); optionally import a legacy users file")
        {
            importUsers,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunAsync(result, importUsers, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Option<FileInfo?> importUsers, CancellationToken cancellationToken)
    {
        using var host = AtraHost.BuildCommandHost(CliRunner.HostArguments(result));
        var report = host.Services.GetRequiredService<MigrationRunner>().Run();
        Console.WriteLine(report.Applied.Count == 0
            ? "The database schema is up to date."
            : $"Applied {report.Applied.Count} migrations: {string.Join(", ", report.Applied)}" + (report.BackupPath is null ? "." : $" (backup: {report.BackupPath})."));

        if (result.GetValue(importUsers) is not { } file)
        {
            return CliRunner.Ok;
        }
        LegacyImportReport import;
        try
        {
            import = await host.Services.GetRequiredService<LegacyUsersImporter>().ImportAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (LegacyImportException ex)
        {
            throw new UsageException(ex.Message);
        }
        Console.WriteLine($"Imported {import.Imported} users, {import.AlreadyPresent.Count} already present, {import.Rejected.Count} rejected; backup: {import.BackupPath}; file renamed to {import.MigratedPath}.");
        foreach (var rejected in import.Rejected)
        {
            await Console.Error.WriteLineAsync($"{file.Name}: user {rejected.Key}: {rejected.Reason}").ConfigureAwait(false);
        }
        if (import.Rejected.Count > 0)
        {
            await Console.Error.WriteLineAsync($"atra: {import.Rejected.Count} records were not imported; they are kept with their reasons in {import.RejectedPath}").ConfigureAwait(false);
            return CliRunner.BadInput;
        }
        return CliRunner.Ok;
    }
}
