namespace Atra.Modules.MarketData.Contracts;

/// <summary>
/// A new closed candle, published after it is in the candle store, in open-time order per symbol and interval.
/// Candles filled in after a reconnect are published too (in order), so a subscriber sees every candle once.
/// </summary>
// Subscribers live in other modules (Signals); without one in the build the generator would flag the message.
#pragma warning disable MSG0005
public sealed record CandleClosed(string Symbol, string Interval, Candle Candle) : Mediator.INotification;
#pragma warning restore MSG0005
