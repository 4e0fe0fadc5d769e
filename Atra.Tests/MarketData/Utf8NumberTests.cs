using System.Globalization;
using System.Text;
using Atra.Modules.MarketData.Contracts;
using Atra.Tests.Indicators;

namespace Atra.Tests.MarketData;

/// <summary>The candle reader's own number parser must give exactly the doubles the framework's parser gives.</summary>
public sealed class Utf8NumberTests
{
    [TestCase("19695.87")]
    [TestCase("0.00001234")]
    [TestCase("794.500517")]
    [TestCase("0")]
    [TestCase("-0")]
    [TestCase("-0.000")]
    [TestCase("+1.5")]
    [TestCase(".5")]
    [TestCase("5.")]
    [TestCase("007.250")]
    [TestCase("9007199254740992")]
    [TestCase("9007199254740993")]
    [TestCase("9007199254740993.5")]
    [TestCase("12345678901234567890123")]
    [TestCase("0.1234567890123456789")]
    [TestCase("1.7976931348623157")]
    [TestCase("0.0000000000000000000000123")]
    [TestCase("0.3")]
    [TestCase("123456.789012345678")]
    [TestCase("1e5")]
    [TestCase("1.5E-7")]
    [TestCase("2.2250738585072014E-308")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("")]
    [TestCase(".")]
    [TestCase("-")]
    [TestCase("1.2.3")]
    [TestCase("12a")]
    [TestCase(" 12")]
    public void TryParseDouble_Text_SameAsFrameworkParser(string text) => AssertSame(text);

    [Test]
    public void TryParseDouble_EveryNumberOfTheRealCandleSlices_SameAsFrameworkParser()
    {
        var files = new List<(string Name, byte[] Bytes)>
        {
            ("BTCUSDT-1h.csv.gz", IndicatorTestData.Gunzip(IndicatorTestData.PathOf("BTCUSDT-1h.csv.gz"))),
            ("ETHUSDT-5m.csv.gz", IndicatorTestData.Gunzip(IndicatorTestData.PathOf("ETHUSDT-5m.csv.gz"))),
        };
        foreach (var path in Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData"), "*.csv", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(path).Contains("USDT", StringComparison.Ordinal))
            {
                files.Add((path, File.ReadAllBytes(path)));
            }
        }
        var checkedFields = 0;
        foreach (var (name, bytes) in files)
        {
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n').Skip(1))
            {
                foreach (var field in line.TrimEnd('\r').Split(','))
                {
                    if (field.Length > 0)
                    {
                        AssertSame(field, name);
                        checkedFields++;
                    }
                }
            }
        }
        Assert.That(checkedFields, Is.GreaterThan(100_000));
    }

    [Test]
    public void TryParseDouble_RandomShortDecimals_SameAsFrameworkParser()
    {
        var random = new Random(20201201);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 20);
            var point = random.Next(0, digits + 1);
            var text = new StringBuilder();
            for (var d = 0; d < digits; d++)
            {
                if (d == point && d > 0)
                {
                    text.Append('.');
                }
                text.Append((char)('0' + random.Next(10)));
            }
            AssertSame(text.ToString());
        }
    }

    [TestCase("1606780800000", 1606780800000L)]
    [TestCase("0", 0L)]
    [TestCase("000123", 123L)]
    [TestCase("9223372036854775807", long.MaxValue)]
    public void TryParseMilliseconds_Digits_Value(string text, long expected)
    {
        Assert.That(Utf8Number.TryParseMilliseconds(Encoding.ASCII.GetBytes(text), out var value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("-1")]
    [TestCase("+1")]
    [TestCase("1.0")]
    [TestCase("9223372036854775808")]
    [TestCase("12 ")]
    public void TryParseMilliseconds_NotDigits_False(string text) =>
        Assert.That(Utf8Number.TryParseMilliseconds(Encoding.ASCII.GetBytes(text), out _), Is.False);

    private static void AssertSame(string text, string? source = null)
    {
        var expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
        var ok = Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out var actual);
        Assert.That(ok, Is.EqualTo(expectedOk), $"'{text}' {source}");
        if (ok)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(actual), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"'{text}' {source}: {actual:R} vs {expected:R}");
        }
    }
}
