namespace Atra.Modules.Telegram.Outbox;

/// <summary>A leased message Telegram accepted, waiting for its mark to be written.</summary>
internal sealed record SentMark(OutboxItem Item, long? TelegramMessageId);
