using System.Collections.Concurrent;
using Atra.Modules.MarketData.Contracts;
using Mediator;

namespace Atra.Tests.MarketData;

/// <summary>Stands in for the mediator's publisher: records every CandleClosed in publish order.</summary>
internal sealed class RecordingPublisher : IPublisher
{
    public ConcurrentQueue<CandleClosed> Published { get; } = new();

    public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        if (notification is CandleClosed c)
        {
            Published.Enqueue(c);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask Publish(object notification, CancellationToken cancellationToken = default) =>
        notification is INotification n ? Publish(n, cancellationToken) : ValueTask.CompletedTask;

    public List<CandleClosed> For(string symbol) => Published.Where(c => c.Symbol == symbol).ToList();
}
