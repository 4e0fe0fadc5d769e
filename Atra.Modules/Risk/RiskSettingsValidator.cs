using Atra.Modules.Risk.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Risk;

/// <summary>The cross-field rules data annotations cannot say; messages name the key.</summary>
internal sealed class RiskSettingsValidator : IValidateOptions<RiskSettings>
{
    public ValidateOptionsResult Validate(string? name, RiskSettings options)
    {
        var failures = new List<string>();
        if (options.Tp2R < options.Tp1R)
        {
            failures.Add("Risk:Tp2R: must not be below Risk:Tp1R.");
        }
        if (!(options.RiskPctLow <= options.RiskPctMedium && options.RiskPctMedium <= options.RiskPctHigh))
        {
            failures.Add("Risk:RiskPctLow/RiskPctMedium/RiskPctHigh: must not decrease with tolerance.");
        }
        var g = options.Guards;
        if (g.StoplossGuard.Enabled && (g.StoplossGuard.TradeLimit < 1 || g.StoplossGuard.Lookback <= TimeSpan.Zero || g.StoplossGuard.LockDuration <= TimeSpan.Zero))
        {
            failures.Add("Risk:Guards:StoplossGuard: TradeLimit must be ≥ 1 and Lookback, LockDuration positive.");
        }
        if (g.Cooldown.Enabled && g.Cooldown.Duration <= TimeSpan.Zero)
        {
            failures.Add("Risk:Guards:Cooldown:Duration: must be positive.");
        }
        if (g.MaxOpenSignals.Enabled && g.MaxOpenSignals.Limit < 1)
        {
            failures.Add("Risk:Guards:MaxOpenSignals:Limit: must be ≥ 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
