using System.Net;
using Atra.Modules.Auth;
using Atra.Tests.Fakes;

namespace Atra.Tests.Auth;

/// <summary>Where the signing key comes from, and what stops the start.</summary>
public sealed class SigningKeyTests
{
    [TestCase("change-me")]
    [TestCase("secret")]
    [TestCase("change-me-change-me-change-me-change-me")]
    [TestCase("my-super-secret-signing-key-for-atra-2024!")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("abababababababababababababababababababab")]
    [TestCase("short-but-random-9fK2")]
    public void Rules_UnusableKey_Refused(string key) => Assert.That(SigningKeyRules.Problem(key), Is.Not.Null);

    [Test]
    public void Rules_RandomKey_Accepted() =>
        Assert.That(SigningKeyRules.Problem(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48))), Is.Null);

    [TestCase("change-me")]
    [TestCase("secret-secret-secret-secret-secret-secret")]
    [TestCase("too-short-Xy7")]
    public async Task Serve_PlaceholderOrShortKey_ExitsOneNamingTheSetting(string key)
    {
        var folder = Directory.CreateTempSubdirectory("atra-key-").FullName;
        var (exit, _, error) = await CliHarness.RunAsync("", ["serve", "--urls", "http://127.0.0.1:0", .. CliHarness.FolderSettings(folder), $"--Jwt:SigningKey={key}"]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("Jwt:SigningKey"));
        Assert.That(error, Does.Not.Contain(key), "the message never echoes the key");
    }

    [Test]
    public async Task Serve_EmptyKeyWithGenerationOff_ExitsOneNamingTheSetting()
    {
        var folder = Directory.CreateTempSubdirectory("atra-key-").FullName;
        var (exit, _, error) = await CliHarness.RunAsync("", ["serve", "--urls", "http://127.0.0.1:0", .. CliHarness.FolderSettings(folder), "--Jwt:SigningKey=", "--Jwt:GenerateSigningKey=false"]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("Jwt:SigningKey"));
        Assert.That(File.Exists(Path.Combine(folder, SigningKeyStore.DefaultFileName)), Is.False);
    }

    [Test]
    public async Task Start_EmptyKey_GeneratesOwnerOnlyKeyFile_ReusedAfterRestart()
    {
        var empty = new Dictionary<string, string?> { ["Jwt:SigningKey"] = "" };
        string folder;
        TokenPair tokens;
        using (var first = new AtraApiFactory(settings: empty))
        {
            folder = first.Folder;
            await first.CreateLoginAsync("newcomer");
            tokens = await first.LoginAsync("newcomer");
        }
        var file = Path.Combine(folder, SigningKeyStore.DefaultFileName);
        Assert.That(File.Exists(file), Is.True);
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        Assert.That(SigningKeyRules.Problem(File.ReadAllText(file)), Is.Null);

        // The next start uses the same key: the earlier token is still valid.
        using var second = new AtraApiFactory(settings: empty, folder: folder);
        using var client = second.CreateClient(tokens.AccessToken);
        Assert.That((await client.GetAsync("/api/auth/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
