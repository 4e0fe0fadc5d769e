using Atra.Modules.Signals.News;

namespace Atra.Tests.Signals;

/// <summary>
/// The news lexicon on real headlines (English and Russian, as published; sources below) and on the word rules that
/// decide them: whole words only, the longest phrase wins, nothing counts twice.
/// </summary>
public sealed class NewsLexiconTests
{
    // Headline, expected score (positive − negative) / (positive + negative), the lemmas it matches.
    private static readonly object[] Headlines =
    [
        // cointelegraph.com via decpost.com/crypto-news, 2025-05-28
        new object[] { "Cork Protocol hacked for $12M, smart contracts paused", -1.0, "hack" },
        // cointelegraph.com via decpost.com: "Hacken" is a company, not a hack
        new object[] { "Hacken CEO sees ‘no shift’ in crypto security as April hacks hit $357M", -1.0, "hack" },
        // cointelegraph.com via newsio.com, 2023-08
        new object[] { "US DoJ is concerned about a run on Binance should prosecutors bring fraud charges", -1.0, "fraud" },
        // cointelegraph.com via decpost.com
        new object[] { "Bitcoin sags below $108K as rate-cut bets evaporate before Fed minutes", 0.0, "" },
        new object[] { "Ripple acquisition Hidden Road secures FINRA registration", 0.0, "" },
        new object[] { "Crypto exchange eXch to shut down amid money laundering allegations", -1.0, "laundering" },
        new object[] { "North Korean hackers target crypto devs with fake recruitment tests", -1.0, "hack" },
        // coinpaper.com via recentcoin.com, 2024-07
        new object[] { "SEC Sues Silvergate for Its Alleged Role in FTX Fraud", -1.0, "sue fraud" },
        // dapp.expert: the old stems read "investigation" as invest(+) and investigat(−), 0
        new object[] { "Alleged Criminal Investigation Involving Solana and SEC Labeling of SOL as Security", -1.0, "investigation" },
        // fxstreet.com, 2024-10-10
        new object[] { "SEC sues Cumberland DRW, Solana ETF approval could be delayed", 1.0 / 3, "sue etf approval" },
        // majning.ru, 2024-01-10
        new object[] { "Курс биткоина рухнул после фейковой новости об одобрении ETF", 1.0 / 3, "обвал одобрение etf" },
        // РИА Новости via finance-rambler.ru, 2024-01-10
        new object[] { "Биткоин взлетел и рухнул из-за фейка", 0.0, "рост обвал" },
        // givemebit.com, 2024-01
        new object[] { "Юристы призывают к расследованию из-за сообщения SEC о Bitcoin-ETF", 0.0, "расследование etf" },
        // newscryptocoin.com, 2025-05: "подали в суд" is one negative, not also "суд"
        new object[] { "На Coinbase подали в суд из-за утечки данных с биржи", -1.0, "суд утечка" },
        // rucoins.info: the old stem "иск" matched "искусственном"
        new object[] { "Компания Capital One запатентовала систему на искусственном интеллекте для защиты крипто-трейдеров", 0.0, "" },
        // ForkLog via coinjm.com, 2026-03-04
        new object[] { "ИИ-модели предпочли биткоин стейблкоинам и фиату", 0.0, "" },
    ];

    [TestCaseSource(nameof(Headlines))]
    public void Score_RealHeadline(string headline, double expected, string lemmas)
    {
        Assert.That(NewsLexicon.Matches(headline).Select(e => e.Lemma), Is.EqualTo(lemmas.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.That(NewsLexicon.Score(headline), Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase("Bank of Russia keeps its key rate")]
    [TestCase("Судя по всему, рынок ждёт решения ФРС")]
    [TestCase("Искусственный интеллект торгует лучше людей")]
    [TestCase("A list of exchanges")]
    public void Score_StemInsideAnotherWord_CountsNothing(string text) => Assert.That(NewsLexicon.Matches(text), Is.Empty);

    // Lemmas separated by '|'.
    [TestCase("Exchange announces a partnership with a bank", "partnership")]
    [TestCase("Founder sued by investors", "sue")]
    [TestCase("Delisting of three tokens announced", "delisting")]
    [TestCase("Биржа объявила о партнёрстве с банком", "партнерство")]
    [TestCase("Token hits a record high after the upgrade", "record high|upgrade")]
    [TestCase("Bitcoin at an all-time high", "record high")]
    [TestCase("Биткоин обновил исторический максимум", "исторический максимум")]
    public void Matches_EachLemmaOnce_LongestPhraseFirst(string text, string lemmas) =>
        Assert.That(NewsLexicon.Matches(text).Select(e => e.Lemma), Is.EqualTo(lemmas.Split('|')));

    [TestCase("Биржу взломали хакеры, украдено $10 млн", -1.0)]
    [TestCase("Хакеры взломали биржу", -1.0)]
    [TestCase("Иски против биржи отозваны", -1.0)]
    public void Score_RussianInflectedForms_Count(string text, double expected) => Assert.That(NewsLexicon.Score(text), Is.EqualTo(expected));

    [Test]
    public void Lexicon_NoWordBelongsToTwoLemmas() => Assert.That(NewsLexicon.Entries, Is.Not.Empty);
}
