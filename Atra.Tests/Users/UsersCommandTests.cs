using Atra.Tests.Auth;
using Atra.Tests.Fakes;

namespace Atra.Tests.Users;

/// <summary><c>atra users create</c> through the real entry point: the password comes from stdin only.</summary>
[NonParallelizable]
public sealed class UsersCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("atra-cli-").FullName;

    [TearDown]
    public void ClearPools() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private Task<(int Exit, string Out, string Err)> RunAsync(string stdin, params string[] args) =>
        CliHarness.RunAsync(stdin, [.. args, .. CliHarness.FolderSettings(_folder), $"--Jwt:SigningKey={AtraApiFactory.TestSigningKey}"]);

    [Test]
    public async Task Create_AdminFromStdin_CanLogIn()
    {
        var (exit, output, _) = await RunAsync("first-admin-pass\n", "users", "create", "--username", "root", "--password-stdin", "--admin");
        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("Created admin login 'root'"));

        using var api = new AtraApiFactory(folder: _folder);
        // The factory hashes with fewer iterations, but verifies the CLI's 600,000-iteration hash by its stored parameters.
        var tokens = await api.LoginAsync("root", "first-admin-pass");
        using var client = api.CreateClient(tokens.AccessToken);
        Assert.That((await client.GetAsync("/api/users")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
    }

    [Test]
    public async Task Create_WithoutPasswordStdin_ExitsOne()
    {
        var (exit, _, error) = await RunAsync("", "users", "create", "--username", "root");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("--password-stdin"));
    }

    [Test]
    public async Task Create_TakenUsernameOrWeakPassword_ExitsOneWithReason()
    {
        Assert.That((await RunAsync("first-admin-pass\n", "users", "create", "--username", "root", "--password-stdin")).Exit, Is.Zero);
        var taken = await RunAsync("another-password\n", "users", "create", "--username", "ROOT", "--password-stdin");
        Assert.That(taken.Exit, Is.EqualTo(1));
        Assert.That(taken.Err, Does.Contain("taken"));
        var weak = await RunAsync("short\n", "users", "create", "--username", "someone", "--password-stdin");
        Assert.That(weak.Exit, Is.EqualTo(1));
        Assert.That(weak.Err, Does.Contain("password:"));
        var badName = await RunAsync("long-enough-pass\n", "users", "create", "--username", "x'; DROP TABLE users;--", "--password-stdin");
        Assert.That(badName.Exit, Is.EqualTo(1));
        Assert.That(badName.Err, Does.Contain("username:"));
    }
}
