using Atra.Modules.MarketData;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atra.Tests.MarketData;

/// <summary>The module's real DI graph on settings pointed at a <see cref="FakeExchange"/>.</summary>
internal static class MarketDataServices
{
    public static Dictionary<string, string?> BinanceSettings(FakeExchange fake) => new()
    {
        ["Market:Source"] = "Binance",
        ["Market:Binance:SpotBaseUrl"] = fake.BaseUri.ToString(),
        ["Market:Binance:FuturesBaseUrl"] = fake.BaseUri.ToString(),
        ["Market:Binance:SpotWebSocketUrl"] = fake.WebSocketBase,
        ["Market:Binance:FuturesWebSocketUrl"] = fake.WebSocketBase,
        ["Market:Bybit:BaseUrl"] = fake.BaseUri.ToString(),
        ["Market:Bybit:WebSocketUrl"] = fake.WebSocketBase + "/v5/public/linear",
        ["Market:ReconnectBaseDelay"] = "00:00:00.050",
        ["Market:ReconnectMaxDelay"] = "00:00:00.200",
        ["Market:RequestTimeout"] = "00:00:05",
        ["Market:Intervals:0"] = "1m",
    };

    public static ServiceProvider Build(Dictionary<string, string?> settings, TimeProvider? clock = null, IPublisher? publisher = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton<Atra.Modules.Shared.Workers.IWorkerHeartbeats, TestHeartbeats>();
        if (publisher is not null)
        {
            services.AddSingleton(publisher);
        }
        services.AddMarketDataModule(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
