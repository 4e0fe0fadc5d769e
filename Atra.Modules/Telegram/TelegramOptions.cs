namespace Atra.Modules.Telegram;

/// <summary>The <c>Telegram</c> section. An empty <see cref="BotToken"/> turns the bot off; the service runs without it.</summary>
internal sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>Secret: part of every Bot API URL, so it never reaches a log.</summary>
    public string? BotToken { get; set; }

    /// <summary>Bot API server; a local Bot API server or the tests' fake may replace the public one.</summary>
    public string BaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Webhook mode: Telegram sends it back in <c>X-Telegram-Bot-Api-Secret-Token</c>; requests without it are refused.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Webhook mode: the public HTTPS address Telegram posts to (registered with setWebhook at start); empty: register it yourself.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The local path of the webhook endpoint.</summary>
    public string WebhookPath { get; set; } = "/telegram/webhook";

    /// <summary>How long one getUpdates call waits for an update (Telegram allows up to 50 s).</summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Telegram's broadcast limit: about 30 messages per second for the whole bot.</summary>
    public int GlobalRatePerSecond { get; set; } = 30;

    /// <summary>Telegram's per-chat limit: about one message per second to one chat.</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Network failures are retried with exponential backoff up to this many attempts, then dropped.</summary>
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>The first retry delay after a network failure; doubles each attempt, at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At shutdown, how long a send already on the wire may take to finish (and be marked sent).</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Redis outbox: this instance's consumer name in the stream's consumer group. It must survive a restart, so the
    /// entries the last run had leased come straight back; empty: the machine (container) name.
    /// </summary>
    public string? OutboxConsumer { get; set; }

    /// <summary>Redis outbox: entries another consumer leased and has not touched for this long are taken over (it died).</summary>
    public TimeSpan OutboxClaimAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A message leased this long ago that no sender holds any more (its outcome could not be recorded, or its sender
    /// died) is made due again, so its chat is not cut off until the next start. Longer than a send can take.
    /// </summary>
    public TimeSpan OutboxLeaseTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the Redis outbox remembers a message key, so the same message queued again is skipped.</summary>
    public TimeSpan OutboxKeyRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Channels (or groups) each generated signal is posted to, as numeric chat ids (<c>-100…</c>; the bot must be an
    /// admin there). One post reaches every member, so a channel is how a signal reaches 100,000 readers in one call;
    /// personal sized messages still go to each subscriber directly. Empty: no channel posts.
    /// </summary>
    public long[] Channels { get; set; } = [];

    /// <summary>Language of the channel posts (<c>en</c> or <c>ru</c>).</summary>
    public string ChannelLanguage { get; set; } = "en";

    /// <summary>Telegram's limit for a bot in one group or channel is 20 posts per minute: one post per 3 s at most.</summary>
    public TimeSpan ChannelPostInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Stars the bot may spend per UTC day on <c>allow_paid_broadcast</c> (0.1 Star per message sent over the free
    /// rate, up to <see cref="PaidBroadcastRatePerSecond"/>). 0, the default: never paid, the free rate only.
    /// </summary>
    public decimal PaidBroadcastDailyStars { get; set; }

    /// <summary>Telegram's ceiling for paid broadcasts: 1,000 messages per second.</summary>
    public int PaidBroadcastRatePerSecond { get; set; } = 1000;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    public bool PaidBroadcast => PaidBroadcastDailyStars > 0;
}
