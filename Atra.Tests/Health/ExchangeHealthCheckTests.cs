using Atra.Modules.Health;
using Atra.Modules.Health.Checks;
using Atra.Modules.Health.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Tests.Health;

public class ExchangeHealthCheckTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed class FakeSource(params ExchangeProbe[] probes) : IExchangeProbeSource
    {
        public IReadOnlyList<ExchangeProbe> Snapshot() => probes;
    }

    private static async Task<IReadOnlyList<ComponentHealth>> Run(HealthCheckContext context, params ExchangeProbe[] probes) =>
        await new ExchangeHealthCheck(new FakeSource(probes), Options.Create(new HealthOptions()), new ManualClock(Now)).CheckAsync(context, CancellationToken.None);

    private static ExchangeProbe Up(string name = "Binance") =>
        new(name, true, TimeSpan.FromMilliseconds(120), 300, 6000, Now.AddSeconds(-20), Now.AddSeconds(-5), null);

    [Test]
    public async Task Check_ExchangeUp_Healthy()
    {
        var result = (await Run(HealthCheckContext.Service, Up())).Single();

        Assert.That(result.Name, Is.EqualTo("exchange_binance"));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), result.Reason);
        Assert.That(result.Data["latency_ms"], Is.EqualTo(120d));
        Assert.That(result.Data["used_weight"], Is.EqualTo(300));
    }

    [Test]
    public async Task Check_ExchangeDown_CriticalWithLastError()
    {
        var down = Up() with { Reachable = false, LastError = "Connection refused (127.0.0.1:9)" };

        var result = (await Run(HealthCheckContext.Service, down)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("unreachable"));
        Assert.That(result.Detail, Does.Contain("Connection refused"), "the error is the operator's detail, not the public reason");
    }

    [Test]
    public async Task Check_WeightNearLimit_Warning()
    {
        var busy = Up() with { UsedWeight = 5000 };

        var result = (await Run(HealthCheckContext.Service, busy)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Reason, Does.Contain("weight 5000/6000"));
    }

    [Test]
    public async Task Check_SlowAndSilent_Critical()
    {
        var silent = Up() with { LastLatency = TimeSpan.FromSeconds(2), LastSuccessAt = Now.AddMinutes(-6), LastError = "HTTP 502" };

        var result = (await Run(HealthCheckContext.Service, silent)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Critical));
        Assert.That(result.Reason, Does.Contain("no successful request").And.Contain("latency 2000 ms (warning)"));
        Assert.That(result.Detail, Is.EqualTo("HTTP 502"));
    }

    [Test]
    public async Task Check_CandlesLagging_Warning()
    {
        var lagging = Up() with { LastCandleAt = Now.AddMinutes(-4) };

        var result = (await Run(HealthCheckContext.Service, lagging)).Single();

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Warning));
        Assert.That(result.Data["candle_lag_s"], Is.EqualTo(240d));
    }

    [Test]
    public async Task Check_TwoExchanges_OneComponentEach()
    {
        var result = await Run(HealthCheckContext.Service, Up("Binance"), Up("Bybit") with { Reachable = false });

        Assert.That(result.Select(c => c.Name), Is.EqualTo(new[] { "exchange_binance", "exchange_bybit" }));
        Assert.That(result[1].Status, Is.EqualTo(HealthStatus.Critical));
    }

    [Test]
    public async Task Check_OutsideTheService_NoComponents()
    {
        Assert.That(await Run(HealthCheckContext.Command, Up()), Is.Empty);
    }
}
