namespace Atra.Modules.Telegram;

/// <summary>How updates reach the bot: it asks for them (long polling) or Telegram posts them (webhook).</summary>
internal enum TelegramMode
{
    Polling,
    Webhook,
}
