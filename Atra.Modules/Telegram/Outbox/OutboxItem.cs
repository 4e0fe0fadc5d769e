namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// A stored message as the sender leases it. <see cref="Id"/> is the row id (SQLite); <see cref="EntryId"/> the
/// stream entry id (Redis). <see cref="Priority"/> is the stored <see cref="OutboxPriority"/>.
/// </summary>
internal sealed record OutboxItem(long Id, string DedupKey, long ChatId, string Method, long? EditMessageId, string Text, string? ReplyMarkup, long Attempts, long Priority = 0)
{
    public string? EntryId { get; init; }
}
