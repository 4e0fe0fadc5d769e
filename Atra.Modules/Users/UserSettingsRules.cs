using System.Globalization;
using Atra.Modules.Shared.Errors;
using Atra.Modules.Users.Contracts;

namespace Atra.Modules.Users;

/// <summary>
/// Validates settings changes and login names; every message names the field (snake_case, as the API spells it)
/// and the allowed values, so the API, the bot and the CLI can show it as is.
/// </summary>
internal static class UserSettingsRules
{
    public const int MinUsernameLength = 3;
    public const int MaxUsernameLength = 64;
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 1024;
    public const int MaxDepositDecimals = 8;

    /// <summary>The settings after <paramref name="change"/>, or an <see cref="AtraProblem"/> listing every invalid field.</summary>
    public static UserSettingsDto Apply(UserSettingsDto current, UserSettingsChange change)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var language = Choice(errors, "language", change.Language, UserSettingValues.Languages) ?? current.Language;
        var risk = Choice(errors, "risk_tolerance", change.RiskTolerance, UserSettingValues.RiskTolerances) ?? current.RiskTolerance;
        var filter = Choice(errors, "filter_mode", change.FilterMode, UserSettingValues.FilterModes) ?? current.FilterMode;
        var trade = Choice(errors, "trade_mode", change.TradeMode, UserSettingValues.TradeModes) ?? current.TradeMode;

        var leverage = change.Leverage ?? current.Leverage;
        if (change.Leverage is { } l && l is < UserSettingValues.MinLeverage or > UserSettingValues.MaxLeverage)
        {
            errors["leverage"] = [$"leverage: {l} is not between {UserSettingValues.MinLeverage} and {UserSettingValues.MaxLeverage}."];
        }

        var deposit = change.Deposit ?? current.Deposit;
        if (change.Deposit is { } d)
        {
            if (d <= 0 || d > UserSettingValues.MaxDeposit)
            {
                errors["deposit"] = [$"deposit: {d.ToString(CultureInfo.InvariantCulture)} is not greater than 0 and at most {UserSettingValues.MaxDeposit.ToString(CultureInfo.InvariantCulture)}."];
            }
            else if (d.Scale > MaxDepositDecimals && d != Math.Round(d, MaxDepositDecimals))
            {
                errors["deposit"] = [$"deposit: at most {MaxDepositDecimals} decimal places."];
            }
        }

        // Spot trading has no leverage: a futures leverage kept while switching to spot would size positions wrongly.
        if (trade == "spot" && leverage != 1 && !errors.ContainsKey("leverage"))
        {
            errors["leverage"] = ["leverage: must be 1 when trade_mode is spot."];
        }

        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid settings", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }
        return new UserSettingsDto(language, risk, filter, trade, leverage, deposit.Scale > MaxDepositDecimals ? Math.Round(deposit, MaxDepositDecimals) : deposit);
    }

    /// <summary>Null when <paramref name="username"/> is a valid login name, else the reason.</summary>
    public static string? UsernameError(string? username)
    {
        if (string.IsNullOrEmpty(username))
        {
            return "username: required.";
        }
        if (username.Length is < MinUsernameLength or > MaxUsernameLength)
        {
            return $"username: must have {MinUsernameLength} to {MaxUsernameLength} characters.";
        }
        foreach (var c in username)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '@'))
            {
                return "username: only letters a-z, digits and _ . - @ are allowed.";
            }
        }
        return null;
    }

    /// <summary>Null when <paramref name="password"/> is acceptable for a new login, else the reason.</summary>
    public static string? PasswordError(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "password: required.";
        }
        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return $"password: must have {MinPasswordLength} to {MaxPasswordLength} characters.";
        }
        if (password.Distinct().Count() < 4)
        {
            return "password: too little variety (use at least 4 different characters).";
        }
        return null;
    }

    private static string? Choice(Dictionary<string, string[]> errors, string field, string? value, string[] allowed)
    {
        if (value is null)
        {
            return null;
        }
        var normalised = value.Trim().ToLowerInvariant();
        if (Array.IndexOf(allowed, normalised) >= 0)
        {
            return normalised;
        }
        var shown = value.Length <= 40 ? value : value[..40] + "…";
        errors[field] = [$"{field}: '{shown}' is not one of {string.Join(", ", allowed)}."];
        return null;
    }
}
