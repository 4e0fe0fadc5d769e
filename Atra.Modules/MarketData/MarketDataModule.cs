using Atra.Modules.MarketData.Binance;
using Atra.Modules.MarketData.Bybit;
using Atra.Modules.MarketData.Contracts;
using Atra.Modules.MarketData.Exchange;
using Atra.Modules.MarketData.Replay;
using Atra.Modules.MarketData.Store;
using Atra.Modules.MarketData.Universe;
using Atra.Modules.MarketData.Whales;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Atra.Modules.MarketData;

/// <summary>Candles from Binance, Bybit or a replay; the universe, symbol rules, candle store, whale feed and exchange status.</summary>
public static class MarketDataModule
{
    public static IServiceCollection AddMarketDataModule(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(MarketOptions.SectionName);
        services.AddOptions<MarketOptions>()
            .Bind(section)
            .PostConfigure(o =>
            {
                if (o.Intervals.Count == 0)
                {
                    o.Intervals.Add("1h");
                }
                if (!section.GetSection(nameof(MarketOptions.AlwaysInclude)).Exists())
                {
                    o.AlwaysInclude.Add("BTCUSDT");
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MarketOptions>, MarketOptionsValidator>();

        services.AddSingleton<ExchangeStatusTracker>();
        services.AddSingleton<IExchangeStatus>(sp => sp.GetRequiredService<ExchangeStatusTracker>());
        services.AddSingleton<IExchangeEndpoints, ConfiguredExchangeEndpoints>();
        services.AddSingleton<DataQualityTracker>();
        services.AddSingleton<IDataQuality>(sp => sp.GetRequiredService<DataQualityTracker>());
        services.AddSingleton(sp => new CandleStore(sp.GetRequiredService<IOptions<MarketOptions>>().Value.StoreDepth, sp.GetRequiredService<DataQualityTracker>()));
        services.AddSingleton<ICandleStore>(sp => sp.GetRequiredService<CandleStore>());
        services.AddSingleton<WhaleTradeTracker>();
        services.AddSingleton<IWhaleFeed>(sp => sp.GetRequiredService<WhaleTradeTracker>());
        services.AddSingleton<MarketUniverse>();
        services.AddSingleton<IMarketUniverse>(sp => sp.GetRequiredService<MarketUniverse>());
        services.AddSingleton<ISymbolRulesProvider>(sp => sp.GetRequiredService<MarketUniverse>());

        AddExchangeClient(services, BinanceCandleSource.HttpClientName, o => o.Binance.IsFutures ? o.Binance.FuturesBaseUrl : o.Binance.SpotBaseUrl);
        AddExchangeClient(services, BybitCandleSource.HttpClientName, o => o.Bybit.BaseUrl);
        services.AddSingleton<BinanceCandleSource>();
        services.AddSingleton<BybitCandleSource>();
        services.AddSingleton<ReplayCandleSource>();
        services.AddSingleton<ICandleSource>(sp => sp.GetRequiredService<IOptions<MarketOptions>>().Value.Source.ToUpperInvariant() switch
        {
            "BINANCE" => sp.GetRequiredService<BinanceCandleSource>(),
            "BYBIT" => sp.GetRequiredService<BybitCandleSource>(),
            _ => sp.GetRequiredService<ReplayCandleSource>(),
        });

        services.AddHostedService<MarketDataWorker>();
        return services;
    }

    /// <summary>
    /// A named client whose resilience pipeline retries only what is safe to retry blindly (network errors,
    /// timeouts, 5xx). 429 and 418 are left to <see cref="ExchangeRestCaller"/>: retrying a 429 early is what
    /// gets an IP banned (418), and the standard handler would do exactly that.
    /// </summary>
    private static void AddExchangeClient(IServiceCollection services, string name, Func<MarketOptions, string> baseUrl)
    {
        services.AddHttpClient(name, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<MarketOptions>>().Value;
            http.BaseAddress = new Uri(baseUrl(options));
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Atra/1.0");
        })
        .AddResilienceHandler(name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<MarketOptions>>().Value;
            pipeline.AddTimeout(options.RequestTimeout * (options.RequestRetries + 2));
            if (options.RequestRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.RequestRetries,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
            }
            pipeline.AddTimeout(options.RequestTimeout);
        });
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };
}
