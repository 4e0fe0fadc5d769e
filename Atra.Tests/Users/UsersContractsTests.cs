using Atra.Modules.Shared.Errors;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Auth;
using Microsoft.Data.Sqlite;

namespace Atra.Tests.Users;

/// <summary>The Users contracts other modules (Telegram, Signals) call through the mediator.</summary>
public sealed class UsersContractsTests
{
    private AtraApiFactory _api = null!;

    [SetUp]
    public void StartHost() => _api = new AtraApiFactory();

    [TearDown]
    public void StopHost() => _api?.Dispose();

    [Test]
    public async Task RegisterTelegramUser_Twice_IsIdempotent_AndReactivates()
    {
        var first = await _api.Mediator.Send(new RegisterTelegramUser(4242, "tg_user", "ru"));
        Assert.That(first.Settings.Language, Is.EqualTo("ru"));
        Assert.That(await _api.Mediator.Send(new DeactivateUser(first.Id, "blocked the bot")), Is.True);
        var again = await _api.Mediator.Send(new RegisterTelegramUser(4242, "tg_user", "en"));
        Assert.That(again.Id, Is.EqualTo(first.Id));
        Assert.That(again.IsActive, Is.True);
        Assert.That((await _api.Mediator.Send(new GetUserByTelegramId(4242)))!.Id, Is.EqualTo(first.Id));
    }

    [Test]
    public void RegisterTelegramUser_InvalidLanguage_400()
    {
        var problem = Assert.ThrowsAsync<AtraProblem>(async () => await _api.Mediator.Send(new RegisterTelegramUser(7, null, "de")));
        Assert.That(problem!.StatusCode, Is.EqualTo(400));
        Assert.That(problem.Message, Does.Contain("language"));
    }

    [Test]
    public async Task ListSignalRecipients_FiltersByActivityAndMode()
    {
        var soft = await _api.Mediator.Send(new RegisterTelegramUser(1, null));
        var strict = await _api.Mediator.Send(new RegisterTelegramUser(2, null));
        await _api.Mediator.Send(new UpdateUserSettings(strict.Id, new UserSettingsChange(FilterMode: "strict")));
        var gone = await _api.Mediator.Send(new RegisterTelegramUser(3, null));
        await _api.Mediator.Send(new DeactivateUser(gone.Id, "test"));
        await _api.CreateLoginAsync("api-only");

        var forStrict = await _api.Mediator.Send(new ListSignalRecipients(SignalPassedStrict: true));
        var forSoft = await _api.Mediator.Send(new ListSignalRecipients(SignalPassedStrict: false));
        Assert.That(forStrict.Select(u => u.Id), Is.EqualTo(new[] { soft.Id, strict.Id }));
        Assert.That(forSoft.Select(u => u.Id), Is.EqualTo(new[] { soft.Id }));
    }

    [Test]
    public async Task Login_StoredWithOlderParameters_IsRehashedOnLogin()
    {
        var user = await _api.CreateLoginAsync("legacy-hash");
        var weaker = new Atra.Modules.Users.PasswordHasher(500).Hash("correct-horse-42");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_api.Folder, "atra.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE users SET password_hash = $h WHERE id = $id";
            command.Parameters.AddWithValue("$h", weaker);
            command.Parameters.AddWithValue("$id", user.Id);
            command.ExecuteNonQuery();
        }
        await _api.LoginAsync("legacy-hash");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_api.Folder, "atra.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT password_hash FROM users WHERE id = $id";
            command.Parameters.AddWithValue("$id", user.Id);
            Assert.That((string)command.ExecuteScalar()!, Does.StartWith("pbkdf2-sha256$1000$"));
        }
        await _api.LoginAsync("legacy-hash");
    }
}
