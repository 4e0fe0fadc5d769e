using Serilog.Core;
using Serilog.Events;

namespace Atra.Host.Platform.Logging;

/// <summary>
/// Sits in front of a batching sink and refuses events beyond a fixed number in flight, counting each one it
/// drops: logging must never grow without bound or block the code that logs.
/// </summary>
internal sealed class BoundedSink(ILogEventSink inner, ElasticsearchSinkStats stats, int limit) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent)
    {
        if (stats.TryReserve(limit))
        {
            inner.Emit(logEvent);
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
