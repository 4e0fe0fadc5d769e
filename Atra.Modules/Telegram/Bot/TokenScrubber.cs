namespace Atra.Modules.Telegram.Bot;

/// <summary>The bot token is part of every Bot API URL; any text that may carry a URL passes through here before a log.</summary>
internal sealed class TokenScrubber(string? token)
{
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        return string.IsNullOrEmpty(token) ? text : text.Replace(token, "<bot-token>", StringComparison.Ordinal);
    }

    /// <summary>The exception's type and scrubbed message (and its inner ones): never the exception object itself, whose text a sink would print raw.</summary>
    public string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>(3);
        for (var e = exception; e is not null && parts.Count < 3; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {Scrub(e.Message)}");
        }
        return string.Join(" <- ", parts);
    }
}
