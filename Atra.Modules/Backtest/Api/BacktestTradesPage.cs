using System.Text.Json;

namespace Atra.Modules.Backtest.Api;

/// <summary>Trades of a finished run from <see cref="Offset"/>; <see cref="Total"/> counts the stored ones.</summary>
internal sealed record BacktestTradesPage(int Total, int Offset, int Limit, IReadOnlyList<JsonElement> Items);
