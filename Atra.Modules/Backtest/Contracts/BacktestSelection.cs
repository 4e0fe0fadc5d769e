using Atra.Modules.MarketData.Contracts;

namespace Atra.Modules.Backtest.Contracts;

/// <summary>
/// What a client may ask a server-side backtest for, checked in one place (<c>POST /api/backtests</c> and
/// <c>POST /api/mlops/retrain</c>): an interval, symbols that have a file in the data folder, a time range. Clients
/// name symbols, never paths: files come from <c>Backtest:DataFolder</c> only.
/// </summary>
public static class BacktestSelection
{
    public const string DefaultFolder = "samples";
    public const int MaxSymbols = 200;

    /// <summary><c>Backtest:DataFolder</c> (else <c>samples</c>), relative to the working directory when it exists there, else to the program folder.</summary>
    public static string ResolveFolder(string? configured)
    {
        var folder = string.IsNullOrWhiteSpace(configured) ? DefaultFolder : configured;
        if (Path.IsPathRooted(folder) || Directory.Exists(folder))
        {
            return Path.GetFullPath(folder);
        }
        var besideProgram = Path.Combine(AppContext.BaseDirectory, folder);
        return Directory.Exists(besideProgram) ? besideProgram : Path.GetFullPath(folder);
    }

    /// <summary>
    /// The validation errors by field (empty: valid) and the normalised symbols (upper case, distinct; null: every
    /// file of the interval).
    /// </summary>
    public static (IReadOnlyList<string>? Symbols, Dictionary<string, string[]> Errors) Validate(
        string interval, IReadOnlyList<string>? symbols, DateTimeOffset? from, DateTimeOffset? to, string folder)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!CandleInterval.IsValid(interval))
        {
            errors["interval"] = [$"interval: must be one of {string.Join(", ", CandleInterval.All)}."];
        }
        if (from is { } f && to is { } t && f >= t)
        {
            errors["from"] = ["from: must be before to."];
        }
        List<string>? names = null;
        if (symbols is { } list)
        {
            names = new List<string>(list.Count);
            foreach (var symbol in list)
            {
                if (string.IsNullOrEmpty(symbol) || symbol.Length > 30 || !symbol.All(char.IsAsciiLetterOrDigit))
                {
                    errors["symbols"] = ["symbols: letters and digits only, at most 30 each (e.g. BTCUSDT)."];
                    break;
                }
                names.Add(symbol.ToUpperInvariant());
            }
            if (list.Count is 0 or > MaxSymbols)
            {
                errors["symbols"] = [$"symbols: give 1 to {MaxSymbols} symbols, or leave symbols out for every file of the interval."];
            }
            if (!errors.ContainsKey("symbols") && !errors.ContainsKey("interval"))
            {
                var missing = names.Where(s => !File.Exists(Path.Combine(folder, $"{s}-{interval}.csv"))).ToList();
                if (missing.Count > 0)
                {
                    errors["symbols"] = [$"symbols: no {interval} candles for {string.Join(", ", missing)}."];
                }
            }
            names = [.. names.Distinct(StringComparer.Ordinal)];
        }
        else if (!errors.ContainsKey("interval") && (!Directory.Exists(folder) || Directory.GetFiles(folder, $"*-{interval}.csv").Length == 0))
        {
            errors["interval"] = [$"interval: no {interval} candle files to backtest."];
        }
        return (names, errors);
    }
}
