using System.Text.RegularExpressions;
using Atra.Modules.Telegram.Bot;
using Atra.Modules.Telegram.Texts;

namespace Atra.Tests.Telegram;

public sealed partial class BotTextsTests
{
    [Test]
    public void Table_EveryKey_HasEnglishAndRussianWithTheSamePlaceholders()
    {
        Assert.Multiple(() =>
        {
            foreach (var (key, (en, ru)) in BotTexts.Table)
            {
                Assert.That(en, Is.Not.Empty, key + " (en)");
                Assert.That(ru, Is.Not.Empty, key + " (ru)");
                Assert.That(Placeholders(ru), Is.EqualTo(Placeholders(en)), key + ": both languages take the same arguments");
            }
        });
    }

    [TestCase("1000", 1000)]
    [TestCase("2500.50", 2500.50)]
    [TestCase(" 42 ", 42)]
    public void DepositParser_ValidNumber_IsAccepted(string text, decimal expected) =>
        Assert.That(DepositParser.Parse(text), Is.EqualTo(expected));

    [TestCase("12,5")]
    [TestCase("1 000")]
    [TestCase("-5")]
    [TestCase("0")]
    [TestCase("1e5")]
    [TestCase("1000000001")]
    [TestCase("abc")]
    [TestCase("")]
    public void DepositParser_AmbiguousOrOutOfRange_IsRefused(string text) =>
        Assert.That(DepositParser.Parse(text), Is.Null);

    private static string[] Placeholders(string text) =>
        [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
