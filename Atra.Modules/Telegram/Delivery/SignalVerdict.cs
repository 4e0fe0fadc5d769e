namespace Atra.Modules.Telegram.Delivery;

/// <summary>One filter's verdict as the signal message lists it (BTC trend, anomaly, whales, news, ML …).</summary>
internal sealed record SignalVerdict(string Name, bool Passed, string? Detail = null);
