using Cronos;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MLOps;

/// <summary>Start-time checks the attributes cannot express, each naming its key.</summary>
internal sealed class MLOpsOptionsValidator : IValidateOptions<MLOpsOptions>
{
    public ValidateOptionsResult Validate(string? name, MLOpsOptions options)
    {
        var failures = new List<string>();
        try
        {
            CronExpression.Parse(options.DriftSchedule);
        }
        catch (CronFormatException ex)
        {
            failures.Add($"MLOps:DriftSchedule: '{options.DriftSchedule}' is not a cron expression ({ex.Message})");
        }
        if (options.Embargo < TimeSpan.Zero)
        {
            failures.Add("MLOps:Embargo: must not be negative");
        }
        if (options.MaxModelAge <= TimeSpan.Zero)
        {
            failures.Add("MLOps:MaxModelAge: must be positive");
        }
        if (options.RetrainCooldown < TimeSpan.Zero)
        {
            failures.Add("MLOps:RetrainCooldown: must not be negative");
        }
        if (options.ReloadInterval <= TimeSpan.Zero)
        {
            failures.Add("MLOps:ReloadInterval: must be positive");
        }
        if (options.RegistryFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"MLOps:RegistryFolder: '{options.RegistryFolder}' is not a path");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
