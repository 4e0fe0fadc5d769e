using Cronos;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Shared.Persistence.Backups;

/// <summary>Checks <c>Storage:BackupSchedule</c> at start, naming the key.</summary>
internal sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.BackupSchedule))
        {
            return ValidateOptionsResult.Success;
        }
        try
        {
            CronExpression.Parse(options.BackupSchedule);
            return ValidateOptionsResult.Success;
        }
        catch (CronFormatException ex)
        {
            return ValidateOptionsResult.Fail(
                $"Storage:BackupSchedule: '{options.BackupSchedule}' is not a five-field cron expression such as '0 3 * * *' ({ex.Message}); empty turns scheduled backups off.");
        }
    }
}
