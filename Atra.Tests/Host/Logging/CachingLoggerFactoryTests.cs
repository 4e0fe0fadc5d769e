using Atra.Host.Platform.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Atra.Tests.Host.Logging;

public class CachingLoggerFactoryTests
{
    private sealed class Collect : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    [Test]
    public void CreateLogger_SameCategory_ReturnsTheSameLogger_OtherCategory_AnotherOne()
    {
        using var factory = new CachingLoggerFactory(new SerilogLoggerFactory(new LoggerConfiguration().CreateLogger(), dispose: true));
        var first = factory.CreateLogger("A");
        Assert.That(factory.CreateLogger("A"), Is.SameAs(first));
        Assert.That(factory.CreateLogger("B"), Is.Not.SameAs(first));
    }

    [Test]
    public void CachedLogger_FollowsALevelSwitchChangedAfterItWasCreated()
    {
        var sink = new Collect();
        var level = new LoggingLevelSwitch(LogEventLevel.Warning);
        var serilog = new LoggerConfiguration().MinimumLevel.ControlledBy(level).WriteTo.Sink(sink).CreateLogger();
        using var factory = new CachingLoggerFactory(new SerilogLoggerFactory(serilog, dispose: true));

        factory.CreateLogger("Atra.Test").LogInformation("hidden");
        level.MinimumLevel = LogEventLevel.Information;
        factory.CreateLogger("Atra.Test").LogInformation("shown {Value}", 1);

        Assert.That(sink.Events.Select(e => e.MessageTemplate.Text), Is.EqualTo(new[] { "shown {Value}" }));
        Assert.That(sink.Events[0].Properties["SourceContext"].ToString(), Is.EqualTo("\"Atra.Test\""));
    }

    [Test]
    public void Decorate_WrapsTheFactoryAddSerilogRegistered()
    {
        var services = new ServiceCollection();
        services.AddSerilog(new LoggerConfiguration().CreateLogger(), dispose: true);
        CachingLoggerFactory.Decorate(services);
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<ILoggerFactory>(), Is.InstanceOf<CachingLoggerFactory>());
        Assert.That(services.Count(d => d.ServiceType == typeof(ILoggerFactory)), Is.EqualTo(1));
    }
}
