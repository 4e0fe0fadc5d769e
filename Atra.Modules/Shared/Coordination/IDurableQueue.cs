namespace Atra.Modules.Shared.Coordination;

/// <summary>
/// An at-least-once queue: a leased message that is not acknowledged within its lease is delivered again
/// (after a crash, for example). Consumers make handling idempotent.
/// </summary>
public interface IDurableQueue
{
    Task<string> EnqueueAsync(string queue, string payload, CancellationToken cancellationToken = default);

    /// <summary>Leases up to <paramref name="max"/> messages, oldest first, including ones whose lease ran out.</summary>
    Task<IReadOnlyList<QueueMessage>> LeaseAsync(string queue, int max, TimeSpan lease, CancellationToken cancellationToken = default);

    Task AcknowledgeAsync(string queue, string id, CancellationToken cancellationToken = default);

    /// <summary>Messages not yet acknowledged (waiting or leased).</summary>
    Task<long> LengthAsync(string queue, CancellationToken cancellationToken = default);
}
