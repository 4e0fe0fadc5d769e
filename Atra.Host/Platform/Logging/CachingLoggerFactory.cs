using System.Collections.Concurrent;

namespace Atra.Host.Platform.Logging;

/// <summary>
/// Hands out one logger per category, as Microsoft's own <c>LoggerFactory</c> does. Serilog's factory builds a new
/// logger (a Serilog context logger and an event-id cache) on every <c>CreateLogger</c>, and ASP.NET Core's typed
/// results ask for one each time they run: a trace of api-bench showed ~11 % of all allocations of an API request
/// there. Loggers are cheap to keep (one per category name) and Serilog's level overrides are switches the cached
/// logger still follows, so caching changes nothing but the cost.
/// </summary>
internal sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, static (name, factory) => factory.CreateLogger(name), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the <see cref="ILoggerFactory"/> registered last (Serilog's, from <c>AddSerilog</c>).</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("No ILoggerFactory is registered to wrap.");
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new CachingLoggerFactory(registered switch
        {
            { ImplementationInstance: ILoggerFactory instance } => instance,
            { ImplementationFactory: { } create } => (ILoggerFactory)create(provider),
            { ImplementationType: { } type } => (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, type),
            _ => throw new InvalidOperationException("The registered ILoggerFactory cannot be wrapped."),
        }));
    }
}
