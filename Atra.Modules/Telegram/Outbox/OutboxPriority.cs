namespace Atra.Modules.Telegram.Outbox;

/// <summary>
/// Which chats the sender serves first when more is queued than Telegram's rate lets out at once. A chat's own
/// messages always keep their order; a chat ranks by the most urgent message it has waiting. Numbers are stored.
/// </summary>
internal enum OutboxPriority
{
    /// <summary>Replies to what a user just did, lifecycle news of a position they hold: a person is waiting.</summary>
    Interactive = 0,

    /// <summary>A post to a channel: one call reaches every member, so it goes before any personal copy.</summary>
    Channel = 1,

    /// <summary>Personal signal offers and admin broadcasts: one per subscriber, the bulk of the queue.</summary>
    Bulk = 2,
}
