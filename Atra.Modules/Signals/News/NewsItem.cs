namespace Atra.Modules.Signals.News;

/// <summary>One feed item: its text (title and summary) and when it was published.</summary>
internal sealed record NewsItem(string Text, string LowerText, DateTimeOffset Published);
