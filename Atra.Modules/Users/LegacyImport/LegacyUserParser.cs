using System.Globalization;
using System.Text.Json;

namespace Atra.Modules.Users.LegacyImport;

/// <summary>Validates one record of the previous version's users file; every failure names the field.</summary>
internal static class LegacyUserParser
{
    private const int MaxUsernameLength = 64;
    private const int MaxSettingKeyLength = 64;
    private const int MaxSettingValueLength = 1024;

    public static LegacyUserRecord Parse(string key, JsonElement value)
    {
        if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var telegramId) || telegramId <= 0)
        {
            throw new FormatException("the key is not a positive Telegram id");
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the record is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        var username = OptionalString(value, "username");
        if (username is not null)
        {
            username = username.Trim().TrimStart('@');
            if (username.Length == 0)
            {
                username = null;
            }
            else if (username.Length > MaxUsernameLength || username.Any(char.IsControl))
            {
                throw new FormatException($"username: must be at most {MaxUsernameLength} printable characters");
            }
        }

        return new LegacyUserRecord(
            telegramId,
            username,
            Choice(value, "language", UserSettingValues.Languages, "en"),
            Deposit(value),
            Leverage(value),
            Choice(value, "risk_tolerance", UserSettingValues.RiskTolerances, "medium"),
            Choice(value, "filter_mode", UserSettingValues.FilterModes, "soft"),
            Choice(value, "trade_mode", UserSettingValues.TradeModes, "futures"),
            Bool(value, "is_admin", false),
            Bool(value, "is_active", true),
            Settings(value));
    }

    private static string? OptionalString(JsonElement record, string field)
    {
        if (!record.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FormatException($"{field}: expected a string, got {Kind(v)}");
    }

    private static string Choice(JsonElement record, string field, string[] allowed, string fallback)
    {
        var text = OptionalString(record, field);
        if (text is null)
        {
            return fallback;
        }
        var normalised = text.Trim().ToLowerInvariant();
        return allowed.Contains(normalised)
            ? normalised
            : throw new FormatException($"{field}: '{text}' is not one of {string.Join(", ", allowed)}");
    }

    private static decimal Deposit(JsonElement record)
    {
        if (!record.TryGetProperty("deposit", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return 1000m;
        }
        decimal deposit;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetDecimal(out deposit))
            {
                throw new FormatException($"deposit: {v.GetRawText()} is out of range");
            }
        }
        else if (v.ValueKind == JsonValueKind.String
                 && decimal.TryParse(v.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out deposit))
        {
            // The old bot stored some deposits as typed by the user ("1000.50"); accept them when they parse exactly.
            // No thousands separator: "12,5" is a Russian 12.5, and reading it as 125 would be worse than rejecting it.
        }
        else
        {
            throw new FormatException($"deposit: expected a number, got {Kind(v)}");
        }
        if (deposit <= 0 || deposit > UserSettingValues.MaxDeposit)
        {
            throw new FormatException($"deposit: {deposit.ToString(CultureInfo.InvariantCulture)} is not between 0 (exclusive) and {UserSettingValues.MaxDeposit.ToString(CultureInfo.InvariantCulture)}");
        }
        return deposit;
    }

    private static int Leverage(JsonElement record)
    {
        if (!record.TryGetProperty("leverage", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return 1;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var leverage))
        {
            throw new FormatException($"leverage: expected a whole number, got {v.GetRawText()}");
        }
        return leverage is >= UserSettingValues.MinLeverage and <= UserSettingValues.MaxLeverage
            ? leverage
            : throw new FormatException($"leverage: {leverage} is not between {UserSettingValues.MinLeverage} and {UserSettingValues.MaxLeverage}");
    }

    private static bool Bool(JsonElement record, string field, bool fallback)
    {
        if (!record.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{field}: expected true or false, got {Kind(v)}"),
        };
    }

    private static List<KeyValuePair<string, string>> Settings(JsonElement record)
    {
        var settings = new List<KeyValuePair<string, string>>();
        if (!record.TryGetProperty("settings", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return settings;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"settings: expected an object, got {Kind(v)}");
        }
        foreach (var setting in v.EnumerateObject())
        {
            if (setting.Name.Length is 0 or > MaxSettingKeyLength)
            {
                throw new FormatException($"settings: a key must have 1 to {MaxSettingKeyLength} characters");
            }
            var text = setting.Value.ValueKind switch
            {
                JsonValueKind.String => setting.Value.GetString()!,
                JsonValueKind.Number => setting.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new FormatException($"settings.{setting.Name}: expected a string, number or boolean, got {Kind(setting.Value)}"),
            };
            if (text.Length > MaxSettingValueLength)
            {
                throw new FormatException($"settings.{setting.Name}: longer than {MaxSettingValueLength} characters");
            }
            settings.Add(KeyValuePair.Create(setting.Name, text));
        }
        return settings;
    }

    private static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(v.GetString()!)}\"",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
