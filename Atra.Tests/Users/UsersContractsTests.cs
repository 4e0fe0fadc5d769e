using Atra.Modules.Shared.Errors;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users.Contracts;
using Atra.Tests.Auth;
using Atra.Tests.Fakes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Atra.Tests.Users;

/// <summary>The Users contracts other modules (Telegram, Signals) call through the mediator.</summary>
[TestFixtureSource(typeof(TestEngines), nameof(TestEngines.Both))]
public sealed class UsersContractsTests(StorageProvider engine)
{
    private AtraApiFactory _api = null!;

    [SetUp]
    public void StartHost() => _api = new AtraApiFactory(engine: engine);

    [TearDown]
    public void StopHost() => _api?.Dispose();

    [Test]
    public async Task RegisterTelegramUser_Twice_IsIdempotent()
    {
        var first = await _api.Mediator.Send(new RegisterTelegramUser(4242, "tg_user", "ru"));
        var again = await _api.Mediator.Send(new RegisterTelegramUser(4242, "tg_user", "en"));
        Assert.That(first.Settings.Language, Is.EqualTo("ru"));
        Assert.That(again, Is.EqualTo(first));
        Assert.That((await _api.Mediator.Send(new GetUserByTelegramId(4242)))!.Id, Is.EqualTo(first.Id));
    }

    [Test]
    public async Task RegisterTelegramUser_AfterBlockingTheBot_ComesBackActive()
    {
        var first = await _api.Mediator.Send(new RegisterTelegramUser(4242, "tg_user", "ru"));
        Assert.That(await _api.Mediator.Send(new DeactivateUser(first.Id, DeactivationCause.BlockedBot, "telegram: Forbidden: bot was blocked by the user")), Is.True);
        var blocked = (await _api.Mediator.Send(new GetUserById(first.Id)))!;
        Assert.That(blocked.IsActive, Is.False);
        Assert.That(blocked.DeactivationCause, Is.EqualTo(DeactivationCause.BlockedBot));
        Assert.That(blocked.ReactivatesOnStart, Is.True);

        var again = await _api.Mediator.Send(new RegisterTelegramUser(4242, "tg_user", "en"));

        Assert.That(again.Id, Is.EqualTo(first.Id));
        Assert.That(again.IsActive, Is.True);
        Assert.That(again.DeactivationCause, Is.Null);
    }

    [Test]
    public async Task RegisterTelegramUser_DeactivatedByAnAdmin_StaysInactive_NoSignalsNoLogin()
    {
        var banned = await _api.Mediator.Send(new RegisterTelegramUser(4243, "banned_user", "en"));
        await _api.Mediator.Send(new ChangeUser(banned.Id, IsActive: false, IsAdmin: null, Settings: null));

        var again = await _api.Mediator.Send(new RegisterTelegramUser(4243, "banned_user", "en"));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(again.IsActive, Is.False, "an admin's deactivation is not undone by /start");
            Assert.That(again.DeactivationCause, Is.EqualTo(DeactivationCause.Admin));
            Assert.That(again.DeactivatedAt, Is.Not.Null);
            Assert.That((await _api.Mediator.Send(new ListSignalRecipients(SignalPassedStrict: true))).Select(u => u.Id), Does.Not.Contain(banned.Id));
        });
    }

    [Test]
    public async Task DeactivateUser_BlockedBotAfterAnAdminDeactivation_KeepsTheAdminsCause()
    {
        var banned = await _api.Mediator.Send(new RegisterTelegramUser(4244, null, "en"));
        await _api.Mediator.Send(new ChangeUser(banned.Id, IsActive: false, IsAdmin: null, Settings: null));
        // A reply to the banned user's command meets Telegram's 403 later: that must not become a way back in.
        await _api.Mediator.Send(new DeactivateUser(banned.Id, DeactivationCause.BlockedBot, "telegram: Forbidden: bot was blocked by the user"));

        var again = await _api.Mediator.Send(new RegisterTelegramUser(4244, null, "en"));

        Assert.That(again.IsActive, Is.False);
        Assert.That(again.DeactivationCause, Is.EqualTo(DeactivationCause.Admin));
    }

    [Test]
    public async Task RegisterTelegramUser_InactiveWithoutARecordedCause_StaysInactive()
    {
        var old = await _api.Mediator.Send(new RegisterTelegramUser(4245, null, "en"));
        // A user made inactive before causes were recorded (or imported inactive from the legacy file).
        using (var connection = _api.Services.GetRequiredService<IDbConnectionFactory>().Open())
        {
            connection.Execute("UPDATE users SET is_active = 0 WHERE id = @Id", new { old.Id });
        }

        var again = await _api.Mediator.Send(new RegisterTelegramUser(4245, null, "en"));

        Assert.That(again.IsActive, Is.False);
        Assert.That(again.DeactivationCause, Is.Null);
    }

    [Test]
    public async Task ChangeUser_ReactivatedByAnAdmin_ClearsTheCause()
    {
        var user = await _api.Mediator.Send(new RegisterTelegramUser(4246, null, "en"));
        await _api.Mediator.Send(new ChangeUser(user.Id, IsActive: false, IsAdmin: null, Settings: null));

        var back = await _api.Mediator.Send(new ChangeUser(user.Id, IsActive: true, IsAdmin: null, Settings: null));

        Assert.That(back!.IsActive, Is.True);
        Assert.That(back.DeactivationCause, Is.Null);
        Assert.That(back.DeactivatedAt, Is.Null);
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
        await _api.Mediator.Send(new DeactivateUser(gone.Id, DeactivationCause.Admin, "test"));
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
        using (var connection = _api.Services.GetRequiredService<IDbConnectionFactory>().Open())
        {
            connection.Execute("UPDATE users SET password_hash = @Hash WHERE id = @Id", new { Hash = weaker, user.Id });
        }
        await _api.LoginAsync("legacy-hash");
        using (var connection = _api.Services.GetRequiredService<IDbConnectionFactory>().Open())
        {
            Assert.That(connection.ExecuteScalar<string>("SELECT password_hash FROM users WHERE id = @Id", new { user.Id }), Does.StartWith("pbkdf2-sha256$1000$"));
        }
        await _api.LoginAsync("legacy-hash");
    }
}
