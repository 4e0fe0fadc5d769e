using Atra.Modules.Telegram;

namespace Atra.Tests.Telegram;

/// <summary>The bot token travels in every Bot API URL: plain HTTP only to a Bot API server on this machine.</summary>
public sealed class TelegramOptionsValidatorTests
{
    private static IEnumerable<string> Failures(string baseUrl) =>
        new TelegramOptionsValidator().Validate(null, new TelegramOptions { BotToken = TelegramTestHost.Token, BaseUrl = baseUrl }).Failures ?? [];

    [TestCase("http://api.telegram.org")]
    [TestCase("http://10.0.0.5:8081")]
    [TestCase("http://bot-api.internal:8081")]
    public void BaseUrl_PlainHttpToAnotherMachine_IsRefusedNamingTheKey(string url) =>
        Assert.That(Failures(url), Has.One.StartsWith("Telegram:BaseUrl must use https"));

    [TestCase("https://api.telegram.org")]
    [TestCase("http://127.0.0.1:8081")]
    [TestCase("http://localhost:8081")]
    [TestCase("http://[::1]:8081")]
    public void BaseUrl_HttpsOrLoopback_IsAccepted(string url) => Assert.That(Failures(url), Is.Empty);
}
