using System.Collections.Frozen;

namespace Atra.Modules.Signals.News;

/// <summary>
/// The news lexicon (English and Russian) and the coin names news items are matched by. A headline is cut into whole
/// words (letters and digits; "ё" read as "е"); a word counts only when it is one of an entry's forms, so "ban" is not
/// in "bank", "иск" not in "искусственный", "суд" not in "судя". Every entry is one lemma with the forms it takes
/// (English forms listed; a Russian stem with the endings of its declension), and phrases are entries too: at each
/// word the longest phrase that matches wins and its words are used up, so nothing counts twice ("partnership" is one
/// positive, not "partner" and "partnership"; "подали в суд" is one negative, not also "суд").
/// </summary>
internal static class NewsLexicon
{
    /// <summary>One lemma: its polarity (+1 positive, −1 negative) and every word sequence that means it.</summary>
    internal sealed record Entry(string Lemma, int Polarity, IReadOnlyList<string[]> Forms);

    // Russian declension endings by class (nominative first). The stem is what all forms share.
    private static readonly string[] RuHard = ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"];
    private static readonly string[] RuHardK = ["", "а", "у", "ом", "е", "и", "ов", "ам", "ами", "ах"];
    private static readonly string[] RuFemK = ["а", "и", "е", "у", "ой", "ам", "ами", "ах"];
    private static readonly string[] RuFemZh = ["а", "и", "е", "у", "ей", "", "ам", "ами", "ах"];
    private static readonly string[] RuFemIya = ["я", "и", "ю", "ей", "й", "ям", "ями", "ях"];
    private static readonly string[] RuFemSoft = ["ь", "и", "ью", "ей", "ям", "ями", "ях"];
    private static readonly string[] RuNeutStvo = ["о", "а", "у", "ом", "е", "", "ам", "ами", "ах"];
    private static readonly string[] RuNeutNie = ["е", "я", "ю", "ем", "и", "й", "ям", "ями", "ях"];

    public static readonly IReadOnlyList<Entry> Entries =
    [
        // English, negative.
        En("hack", -1, "hack", "hacks", "hacked", "hacking", "hacker", "hackers"),
        En("exploit", -1, "exploit", "exploits", "exploited", "exploiting"),
        En("delisting", -1, "delist", "delists", "delisted", "delisting", "delistings"),
        En("lawsuit", -1, "lawsuit", "lawsuits"),
        En("sue", -1, "sue", "sues", "sued", "suing"),
        En("fraud", -1, "fraud", "frauds", "fraudulent"),
        En("scam", -1, "scam", "scams", "scammed", "scammer", "scammers"),
        En("ban", -1, "ban", "bans", "banned", "banning"),
        En("breach", -1, "breach", "breaches", "breached"),
        En("theft", -1, "theft", "thefts", "steal", "steals", "stealing", "stole", "stolen"),
        En("outage", -1, "outage", "outages"),
        En("bankruptcy", -1, "bankrupt", "bankruptcy", "bankruptcies"),
        En("insolvency", -1, "insolvent", "insolvency"),
        En("vulnerability", -1, "vulnerable", "vulnerability", "vulnerabilities"),
        En("investigation", -1, "investigate", "investigates", "investigated", "investigating", "investigation", "investigations", "probe", "probes"),
        En("crackdown", -1, "crackdown", "crackdowns"),
        En("liquidation", -1, "liquidate", "liquidated", "liquidation", "liquidations"),
        En("rug pull", -1, "rug pull", "rug pulls", "rugpull", "rugpulls"),
        En("halt", -1, "halt", "halts", "halted", "halting"),
        En("crash", -1, "crash", "crashes", "crashed", "crashing"),
        En("laundering", -1, "launder", "laundered", "laundering"),

        // English, positive.
        En("listing", +1, "listing", "listings", "listed"),
        En("approval", +1, "approve", "approves", "approved", "approving", "approval", "approvals"),
        En("partnership", +1, "partner", "partners", "partnered", "partnering", "partnership", "partnerships"),
        En("upgrade", +1, "upgrade", "upgrades", "upgraded", "upgrading"),
        En("launch", +1, "launch", "launches", "launched", "launching"),
        En("adoption", +1, "adopt", "adopts", "adopted", "adopting", "adoption"),
        En("integration", +1, "integrate", "integrates", "integrated", "integrating", "integration", "integrations"),
        En("etf", +1, "etf", "etfs"),
        En("rally", +1, "rally", "rallies", "rallied", "rallying"),
        En("surge", +1, "surge", "surges", "surged", "surging"),
        En("mainnet", +1, "mainnet", "mainnets"),
        En("record high", +1, "record high", "record highs", "all time high", "all time highs"),
        En("investment", +1, "invest", "invests", "invested", "investing", "investment", "investments"),

        // Russian, negative.
        Ru("взлом", -1, ("взлом", RuHard), ("взломал", ["", "а", "и", "о"]), ("взломан", ["", "а", "ы", "о"])),
        Ru("хакер", -1, ("хак", RuHardK), ("хакер", RuHard)),
        Ru("эксплойт", -1, ("эксплойт", RuHard)),
        Ru("делистинг", -1, ("делистинг", RuHardK)),
        Ru("иск", -1, ("иск", RuHardK)),
        Ru("суд", -1, ("суд", RuHard), Phrase("подал в суд"), Phrase("подала в суд"), Phrase("подали в суд"), Phrase("подадут в суд")),
        Ru("мошенничество", -1, ("мошенничеств", RuNeutStvo), ("мошенник", RuHardK)),
        Ru("скам", -1, ("скам", RuHard)),
        Ru("запрет", -1, ("запрет", RuHard), ("запретил", ["", "а", "и", "о"]), ("запретит", ["", "ь"])),
        Ru("кража", -1, ("краж", RuFemZh), ("украл", ["", "а", "и", "о"]), ("украден", ["", "а", "ы", "о"])),
        Ru("банкротство", -1, ("банкротств", RuNeutStvo), ("банкрот", RuHard)),
        Ru("уязвимость", -1, ("уязвимост", RuFemSoft)),
        Ru("обвал", -1, ("обвал", RuHard), ("обвалил", ["ся", "ась", "ись", "ось"]), ("рухнул", ["", "а", "и", "о"]), ("рухнет", [""])),
        Ru("расследование", -1, ("расследовани", RuNeutNie)),
        Ru("ликвидация", -1, ("ликвидаци", RuFemIya)),
        Ru("утечка", -1, ("утечк", RuFemK), ("утечек", [""])),

        // Russian, positive.
        Ru("листинг", +1, ("листинг", RuHardK)),
        Ru("одобрение", +1, ("одобрени", RuNeutNie), ("одобрил", ["", "а", "и", "о"]), ("одобрен", ["", "а", "ы", "о"])),
        Ru("партнерство", +1, ("партнерств", RuNeutStvo), ("партнер", RuHard)),
        Ru("обновление", +1, ("обновлени", RuNeutNie)),
        Ru("запуск", +1, ("запуск", RuHardK), ("запустил", ["", "а", "и", "о"])),
        Ru("интеграция", +1, ("интеграци", RuFemIya)),
        Ru("рост", +1, ("рост", RuHard), ("взлетел", ["", "а", "и", "о"])),
        Ru("инвестиция", +1, ("инвестици", RuFemIya)),
        Ru("исторический максимум", +1, Phrase("исторический максимум"), Phrase("исторического максимума"), Phrase("исторических максимумов"), Phrase("историческом максимуме")),
    ];

    // Every single-word form, and the phrases by their first word, longest first.
    private static readonly FrozenDictionary<string, Entry> Words;
    private static readonly FrozenDictionary<string, (string[] Words, Entry Entry)[]> Phrases;

    static NewsLexicon()
    {
        var words = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, List<(string[] Words, Entry Entry)>>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            foreach (var form in entry.Forms)
            {
                if (form.Length == 1)
                {
                    // Two lemmas claiming one word would make its score depend on the table's order.
                    if (!words.TryAdd(form[0], entry) && !ReferenceEquals(words[form[0]], entry))
                    {
                        throw new InvalidOperationException($"The news lexicon has '{form[0]}' in both '{words[form[0]].Lemma}' and '{entry.Lemma}'.");
                    }
                }
                else
                {
                    if (!phrases.TryGetValue(form[0], out var list))
                    {
                        phrases[form[0]] = list = [];
                    }
                    list.Add((form, entry));
                }
            }
        }
        Words = words.ToFrozenDictionary(StringComparer.Ordinal);
        Phrases = phrases.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(p => p.Words.Length).ToArray(), StringComparer.Ordinal);
    }

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
        // A coin's name may be inflected (биткоина, Solana's): it must start a word, its ending is free.
        return CoinNames.TryGetValue(asset, out var names) && Array.Exists(names, n => ContainsWord(lowerText, n, wholeWord: false));
    }

    /// <summary>(positive − negative) / (positive + negative) over the lexicon's matches in the text; 0 without any.</summary>
    public static double Score(string text)
    {
        int positive = 0, negative = 0;
        foreach (var entry in Matches(text))
        {
            if (entry.Polarity > 0)
            {
                positive++;
            }
            else
            {
                negative++;
            }
        }
        return positive + negative == 0 ? 0 : (double)(positive - negative) / (positive + negative);
    }

    /// <summary>The entries the text matches, in order: whole words, the longest phrase at each word, each word used once.</summary>
    public static List<Entry> Matches(string text)
    {
        var words = Tokenize(text);
        var found = new List<Entry>();
        for (var i = 0; i < words.Count;)
        {
            var used = 0;
            if (Phrases.TryGetValue(words[i], out var candidates))
            {
                foreach (var (phrase, entry) in candidates)
                {
                    if (StartsAt(words, i, phrase))
                    {
                        found.Add(entry);
                        used = phrase.Length;
                        break;
                    }
                }
            }
            if (used == 0 && Words.TryGetValue(words[i], out var single))
            {
                found.Add(single);
            }
            i += Math.Max(used, 1);
        }
        return found;
    }

    /// <summary>Lower-case words: runs of letters and digits; "ё" is read as "е".</summary>
    internal static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant().Replace('ё', 'е'));
                start = -1;
            }
        }
        return words;
    }

    private static bool StartsAt(List<string> words, int at, string[] phrase)
    {
        if (at + phrase.Length > words.Count)
        {
            return false;
        }
        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(words[at + k], phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static Entry En(string lemma, int polarity, params string[] forms) =>
        new(lemma, polarity, [.. forms.Select(f => f.Split(' '))]);

    private static Entry Ru(string lemma, int polarity, params (string Stem, string[] Endings)[] declensions) =>
        new(lemma, polarity, [.. declensions.SelectMany(d => d.Endings.Select(e => (d.Stem + e).Split(' ')))]);

    private static (string Stem, string[] Endings) Phrase(string words) => (words, [""]);

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
