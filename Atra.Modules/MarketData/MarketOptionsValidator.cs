using Atra.Modules.MarketData.Bybit;
using Atra.Modules.MarketData.Contracts;
using Microsoft.Extensions.Options;

namespace Atra.Modules.MarketData;

/// <summary>Checks the <c>Market</c> section at start; every message names its key.</summary>
internal sealed class MarketOptionsValidator : IValidateOptions<MarketOptions>
{
    private static readonly string[] Sources = ["Binance", "Bybit", "Replay"];
    private static readonly string[] BybitCategories = ["linear", "spot", "inverse"];

    public ValidateOptionsResult Validate(string? name, MarketOptions options)
    {
        var f = new List<string>();
        if (!Sources.Contains(options.Source, StringComparer.OrdinalIgnoreCase))
        {
            f.Add($"Market:Source: '{options.Source}' is not one of {string.Join(", ", Sources)}.");
        }
        if (options.Intervals.Count == 0)
        {
            f.Add("Market:Intervals: name at least one interval, e.g. [\"1h\"].");
        }
        for (var i = 0; i < options.Intervals.Count; i++)
        {
            var interval = options.Intervals[i];
            if (!CandleInterval.IsValid(interval))
            {
                f.Add($"Market:Intervals:{i}: '{interval}' is not one of {string.Join(", ", CandleInterval.All)}.");
            }
            else if (Is(options.Source, "Bybit") && BybitCandleSource.IntervalCode(interval) is null)
            {
                f.Add($"Market:Intervals:{i}: Bybit has no '{interval}' candles.");
            }
        }
        if (options.StoreDepth is < 10 or > 100_000)
        {
            f.Add("Market:StoreDepth: must be between 10 and 100000.");
        }
        if (options.Symbols.Count == 0 && options.UniverseTopN is < 1 or > 2000)
        {
            f.Add("Market:UniverseTopN: must be between 1 and 2000 when Market:Symbols is empty.");
        }
        for (var i = 0; i < options.Symbols.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Symbols[i]) || !options.Symbols[i].All(char.IsAsciiLetterOrDigit))
            {
                f.Add($"Market:Symbols:{i}: '{options.Symbols[i]}' is not a symbol like BTCUSDT.");
            }
        }
        if (string.IsNullOrWhiteSpace(options.QuoteAsset))
        {
            f.Add("Market:QuoteAsset: must not be empty.");
        }
        Positive(f, "Market:UniverseRefresh", options.UniverseRefresh);
        Positive(f, "Market:ReconnectBaseDelay", options.ReconnectBaseDelay);
        if (options.ReconnectMaxDelay < options.ReconnectBaseDelay)
        {
            f.Add("Market:ReconnectMaxDelay: must not be shorter than Market:ReconnectBaseDelay.");
        }
        Positive(f, "Market:CatchUpPeriod", options.CatchUpPeriod);
        if (options.CatchUpGrace < TimeSpan.Zero)
        {
            f.Add("Market:CatchUpGrace: must not be negative.");
        }
        Positive(f, "Market:RequestTimeout", options.RequestTimeout);
        Positive(f, "Market:WhaleWindow", options.WhaleWindow);
        if (options.RequestRetries is < 0 or > 10)
        {
            f.Add("Market:RequestRetries: must be between 0 and 10.");
        }
        if (options.WhaleMaxTradesPerSymbol is < 100 or > 1_000_000)
        {
            f.Add("Market:WhaleMaxTradesPerSymbol: must be between 100 and 1000000.");
        }
        if (!(options.WhaleMinNotional > 0))
        {
            f.Add("Market:WhaleMinNotional: must be positive.");
        }

        var b = options.Binance;
        if (Is(options.Source, "Binance"))
        {
            if (!Is(b.Market, "Spot") && !Is(b.Market, "Futures"))
            {
                f.Add($"Market:Binance:Market: '{b.Market}' is not Spot or Futures.");
            }
            Url(f, "Market:Binance:SpotBaseUrl", b.SpotBaseUrl, "http", "https");
            Url(f, "Market:Binance:FuturesBaseUrl", b.FuturesBaseUrl, "http", "https");
            Url(f, "Market:Binance:SpotWebSocketUrl", b.SpotWebSocketUrl, "ws", "wss");
            Url(f, "Market:Binance:FuturesWebSocketUrl", b.FuturesWebSocketUrl, "ws", "wss");
            if (b.WeightLimit < 10)
            {
                f.Add("Market:Binance:WeightLimit: must be at least 10.");
            }
            if (b.WeightSafetyFraction is <= 0 or > 1)
            {
                f.Add("Market:Binance:WeightSafetyFraction: must be in (0, 1].");
            }
            if (b.MaxStreamsPerConnection is < 1 or > 1024)
            {
                f.Add("Market:Binance:MaxStreamsPerConnection: must be between 1 and 1024.");
            }
            if (b.KlinePageLimit is < 1 or > 1500)
            {
                f.Add("Market:Binance:KlinePageLimit: must be between 1 and 1500.");
            }
            if (b.FuturesMaxLeverage is < 1 or > 125)
            {
                f.Add("Market:Binance:FuturesMaxLeverage: must be between 1 and 125.");
            }
        }

        var y = options.Bybit;
        if (Is(options.Source, "Bybit"))
        {
            Url(f, "Market:Bybit:BaseUrl", y.BaseUrl, "http", "https");
            Url(f, "Market:Bybit:WebSocketUrl", y.WebSocketUrl, "ws", "wss");
            if (!BybitCategories.Contains(y.Category, StringComparer.Ordinal))
            {
                f.Add($"Market:Bybit:Category: '{y.Category}' is not one of {string.Join(", ", BybitCategories)}.");
            }
            if (y.KlinePageLimit is < 1 or > 1000)
            {
                f.Add("Market:Bybit:KlinePageLimit: must be between 1 and 1000.");
            }
            Positive(f, "Market:Bybit:PingInterval", y.PingInterval);
        }

        if (Is(options.Source, "Replay"))
        {
            if (string.IsNullOrWhiteSpace(options.Replay.Folder))
            {
                f.Add("Market:Replay:Folder: must name the folder of SYMBOL-INTERVAL.csv files.");
            }
            if (!double.IsFinite(options.Replay.Speed) || options.Replay.Speed < 0)
            {
                f.Add("Market:Replay:Speed: must be 0 (as fast as possible) or a positive number of steps per second.");
            }
            if (options.Replay.WarmupCandles < 0)
            {
                f.Add("Market:Replay:WarmupCandles: must not be negative.");
            }
        }
        return f.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(f);
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void Positive(List<string> f, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            f.Add($"{key}: must be a positive duration (hh:mm:ss).");
        }
    }

    private static void Url(List<string> f, string key, string value, params string[] schemes)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            f.Add($"{key}: '{value}' is not an absolute {string.Join("/", schemes)} URL.");
        }
    }
}
