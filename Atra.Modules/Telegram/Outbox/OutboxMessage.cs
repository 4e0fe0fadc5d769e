namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// One message to deliver. <see cref="DedupKey"/> names it for idempotency (<c>signal:{id}:user:{telegramId}</c>,
/// <c>update:{updateId}:{n}</c> …): enqueueing the same key twice stores it once.
/// </summary>
internal sealed record OutboxMessage(string DedupKey, long ChatId, string Text, string? ReplyMarkupJson = null, int? EditMessageId = null)
{
    public bool IsEdit => EditMessageId is not null;

    public OutboxPriority Priority { get; init; } = OutboxPriority.Interactive;
}
