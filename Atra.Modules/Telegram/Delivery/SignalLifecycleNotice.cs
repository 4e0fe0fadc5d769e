namespace Atra.Modules.Telegram.Delivery;

/// <summary>
/// Something that happened to a signal, reported to the users who accepted it. <see cref="Event"/> is
/// <c>tp1</c>, <c>dca</c> or <c>closed</c>; a closed notice has <see cref="ExitReason"/> (stop_loss, breakeven,
/// take_profit_2, timeout, end_of_data) and <see cref="ProfitPct"/>.
/// </summary>
internal sealed record SignalLifecycleNotice(long SignalId, string Event, decimal Price, string? ExitReason = null, decimal? ProfitPct = null, decimal? AverageEntry = null);
