namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// A stored message as the sender leases it. <see cref="Id"/> is the row id (SQLite); <see cref="EntryId"/> the
/// stream entry id (Redis).
/// </summary>
internal sealed record OutboxItem(long Id, string DedupKey, long ChatId, string Method, long? EditMessageId, string Text, string? ReplyMarkup, long Attempts)
{
    public string? EntryId { get; init; }
}
