namespace Atra.Modules.Signals.News;

/// <summary>
/// Keyword stems (English and Russian) and the coin names news items are matched by. A stem matches at the start
/// of a word only, so "listing" does not count inside "delisting".
/// </summary>
internal static class NewsLexicon
{
    public static readonly string[] Negative =
    [
        "hack", "exploit", "delist", "lawsuit", "sue", "sued", "fraud", "scam", "ban", "breach", "stolen", "theft",
        "outage", "bankrupt", "insolven", "vulnerab", "investigat", "crackdown", "liquidat", "rug pull", "halt", "crash",
        "взлом", "хак", "эксплойт", "делистинг", "иск", "суд", "мошенн", "скам", "запрет", "краж", "украд", "банкрот",
        "уязвим", "обвал", "расследов", "ликвидац",
    ];

    public static readonly string[] Positive =
    [
        "listing", "listed", "approv", "partnership", "partner", "upgrade", "launch", "adoption", "integrat", "etf",
        "rally", "surge", "mainnet", "record high", "invest",
        "листинг", "одобр", "партнерств", "партнёрств", "обновлен", "запуск", "интеграц", "рост", "инвестиц",
    ];

    /// <summary>Names a coin goes by besides its ticker (lower case).</summary>
    public static readonly Dictionary<string, string[]> CoinNames = new(StringComparer.Ordinal)
    {
        ["BTC"] = ["bitcoin", "биткоин", "биткойн"],
        ["ETH"] = ["ethereum", "ether", "эфириум", "эфир"],
        ["SOL"] = ["solana", "солана"],
        ["XRP"] = ["ripple", "рипл"],
        ["ADA"] = ["cardano", "кардано"],
        ["BNB"] = ["binance coin", "bnb chain"],
        ["DOGE"] = ["dogecoin", "догикоин"],
        ["DOT"] = ["polkadot"],
        ["AVAX"] = ["avalanche"],
        ["LINK"] = ["chainlink"],
        ["LTC"] = ["litecoin", "лайткоин"],
        ["TRX"] = ["tron"],
        ["MATIC"] = ["polygon"],
        ["TON"] = ["toncoin"],
    };

    private static readonly string[] Quotes = ["USDT", "USDC", "BUSD", "FDUSD", "TUSD", "USD", "EUR", "BTC"];

    /// <summary><c>SOLUSDT</c> → <c>SOL</c>.</summary>
    public static string BaseAsset(string symbol)
    {
        foreach (var q in Quotes)
        {
            if (symbol.Length > q.Length && symbol.EndsWith(q, StringComparison.Ordinal))
            {
                return symbol[..^q.Length];
            }
        }
        return symbol;
    }

    /// <summary>True when the text names the coin: its ticker as a whole upper-case word, or one of its names.</summary>
    public static bool NamesCoin(string text, string lowerText, string asset)
    {
        if (ContainsWord(text, asset, wholeWord: true))
        {
            return true;
        }
        return CoinNames.TryGetValue(asset, out var names) && Array.Exists(names, n => ContainsWord(lowerText, n, wholeWord: false));
    }

    /// <summary>(positive − negative) / (positive + negative) over the stems in the text; 0 without any.</summary>
    public static double Score(string lowerText)
    {
        var positive = Count(lowerText, Positive);
        var negative = Count(lowerText, Negative);
        return positive + negative == 0 ? 0 : (double)(positive - negative) / (positive + negative);
    }

    private static int Count(string text, string[] stems)
    {
        var n = 0;
        foreach (var stem in stems)
        {
            var at = 0;
            while ((at = text.IndexOf(stem, at, StringComparison.Ordinal)) >= 0)
            {
                if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                {
                    n++;
                }
                at += stem.Length;
            }
        }
        return n;
    }

    private static bool ContainsWord(string text, string word, bool wholeWord)
    {
        var at = 0;
        while ((at = text.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
        {
            var startOk = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + word.Length;
            var endOk = !wholeWord || end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (startOk && endOk)
            {
                return true;
            }
            at = end;
        }
        return false;
    }
}
