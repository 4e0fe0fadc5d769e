namespace Atra.Modules.Telegram.Outbox;

/// <summary>A stored outbox row, as the sender leases it.</summary>
internal sealed record OutboxItem(long Id, string DedupKey, long ChatId, string Method, long? EditMessageId, string Text, string? ReplyMarkup, long Attempts);
