using Serilog.Context;

namespace Atra.Modules.Shared.Logging;

/// <summary>
/// Pushes the structured context every Atra log line carries (module, operation, user, symbol) for the
/// duration of a unit of work: <c>using var _ = AtraLogContext.Push("trading", "signal_generation", userId, symbol);</c>.
/// </summary>
public static class AtraLogContext
{
    public static IDisposable Push(string module, string operation, long? userId = null, string? symbol = null)
    {
        var disposables = new List<IDisposable>(4)
        {
            LogContext.PushProperty("module", module),
            LogContext.PushProperty("operation", operation),
        };
        if (userId is not null)
        {
            disposables.Add(LogContext.PushProperty("user_id", userId));
        }
        if (symbol is not null)
        {
            disposables.Add(LogContext.PushProperty("symbol", symbol));
        }
        return new Scope(disposables);
    }

    private sealed class Scope(List<IDisposable> disposables) : IDisposable
    {
        public void Dispose()
        {
            // LogContext is a stack: pop in reverse order.
            for (var i = disposables.Count - 1; i >= 0; i--)
            {
                disposables[i].Dispose();
            }
        }
    }
}
