using System.Text;

namespace Atra.Modules.Auth;

/// <summary>What makes a signing key unusable: too short, too uniform, or a value copied from an example.</summary>
internal static class SigningKeyRules
{
    public const int MinBytes = 32;

    private static readonly string[] Placeholders =
    [
        "change-me", "changeme", "change_me", "replace-me", "replaceme", "secret", "placeholder", "example",
        "your-key", "yourkey", "your_key", "password", "default", "insecure", "xxxxxxxx", "12345678",
    ];

    /// <summary>Null when usable, else why not (without echoing the key).</summary>
    public static string? Problem(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) < MinBytes)
        {
            return $"is shorter than {MinBytes} bytes; use a random value (e.g. `openssl rand -base64 48`).";
        }
        var lower = key.ToLowerInvariant();
        foreach (var placeholder in Placeholders)
        {
            if (lower.Contains(placeholder, StringComparison.Ordinal))
            {
                return $"looks like a placeholder (it contains '{placeholder}'); use a random value (e.g. `openssl rand -base64 48`).";
            }
        }
        if (key.Distinct().Count() < 10)
        {
            return "has too few distinct characters to be random; use a random value (e.g. `openssl rand -base64 48`).";
        }
        return null;
    }
}
