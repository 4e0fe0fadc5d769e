using System.CommandLine;
using System.Globalization;
using Atra.Host.Platform;
using Atra.Modules.Shared.Persistence.Backups;

namespace Atra.Host.Cli;

/// <summary>
/// <c>atra backup</c>: an online backup now, into <c>Storage:BackupFolder</c>, while the service may keep running;
/// <c>atra restore --from FILE</c>: checks the file (integrity, schema version) and puts it in place of the database,
/// refusing while a service holds it. Both go through <see cref="IDatabaseBackups"/>, so they follow the storage engine.
/// </summary>
internal static class BackupCommand
{
    public static Command CreateBackup()
    {
        var command = new Command("backup", "Take an online backup of the database now (into Storage:BackupFolder; older ones pruned to Storage:KeepBackups)");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => BackupAsync(result, ct));
        return command;
    }

    public static Command CreateRestore()
    {
        var from = new Option<FileInfo>("--from") { Description = "The backup file to restore", Required = true };
        var check = new Option<bool>("--check") { Description = "Only check the file (integrity, schema version); change nothing" };
        var command = new Command("restore", "Replace the database with a backup (the service must be stopped; what is there now is saved first)")
        {
            from,
            check,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RestoreAsync(result, result.GetValue(from)!, result.GetValue(check), ct));
        return command;
    }

    private static async Task<int> BackupAsync(ParseResult result, CancellationToken cancellationToken)
    {
        using var host = AtraHost.BuildCommandHost(CliRunner.HostArguments(result));
        var backups = host.Services.GetRequiredService<IDatabaseBackups>();
        BackupResult backup;
        try
        {
            backup = await backups.BackupAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BackupRefusedException ex)
        {
            throw new RuntimeFailureException(ex.Message);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backed up to {backup.Path} ({backup.Bytes / 1024.0 / 1024.0:0.0} MiB in {backup.Duration.TotalMilliseconds:0} ms); {backup.Pruned.Count} older backups pruned."));
        return CliRunner.Ok;
    }

    private static async Task<int> RestoreAsync(ParseResult result, FileInfo from, bool checkOnly, CancellationToken cancellationToken)
    {
        using var host = AtraHost.BuildCommandHost(CliRunner.HostArguments(result));
        var backups = host.Services.GetRequiredService<IDatabaseBackups>();
        if (checkOnly)
        {
            var check = await backups.VerifyAsync(from.FullName, cancellationToken).ConfigureAwait(false);
            if (!check.Usable)
            {
                throw new UsageException($"{from.FullName} cannot be restored: {check.Problem}");
            }
            Console.WriteLine($"{from.FullName}: integrity ok; {Schema(check)}.");
            return CliRunner.Ok;
        }
        RestoreResult restore;
        try
        {
            restore = await backups.RestoreAsync(from.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (BackupRefusedException ex)
        {
            // A bad file and a running service are both the operator's to fix: exit 1, as for any refused input.
            throw new UsageException(ex.Message);
        }
        Console.WriteLine($"Restored {from.FullName} into {restore.Target}: integrity ok; {Schema(restore.Restored)}."
            + (restore.PreviousSavedTo is { } saved ? $" The database as it was is in {saved}." : ""));
        return CliRunner.Ok;
    }

    private static string Schema(BackupCheck check) => check.PendingMigrations.Count == 0
        ? $"schema current ({check.AppliedMigrations} migrations)"
        : $"schema older by {check.PendingMigrations.Count} migrations ({string.Join(", ", check.PendingMigrations.Take(3))}{(check.PendingMigrations.Count > 3 ? " …" : "")}), applied at the next start";
}
