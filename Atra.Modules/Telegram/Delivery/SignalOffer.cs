namespace Atra.Modules.Telegram.Delivery;

/// <summary>
/// A generated signal as the bot offers it. The integrator maps the Signals module's <c>SignalGenerated</c>
/// notification onto this (see <see cref="SignalFanout"/>). <see cref="SignalId"/> is the <c>enhanced_signals</c> id.
/// </summary>
internal sealed record SignalOffer(
    long SignalId,
    string Symbol,
    string Side,
    string FilterMode,
    decimal Entry,
    decimal StopLoss,
    decimal Tp1,
    decimal Tp2,
    decimal? Dca,
    IReadOnlyList<SignalVerdict> Verdicts);
