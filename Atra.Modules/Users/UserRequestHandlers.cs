using Atra.Modules.Shared.Errors;
using Atra.Modules.Users.Contracts;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Atra.Modules.Users;

/// <summary>The Users module's side of its contracts: queries and commands other modules send through the mediator.</summary>
internal sealed partial class UserRequestHandlers(UserStore store, PasswordHasher hasher, IPublisher publisher, ILogger<UserRequestHandlers> logger) :
    IRequestHandler<GetUserById, UserDto?>,
    IRequestHandler<GetUserByTelegramId, UserDto?>,
    IRequestHandler<RegisterTelegramUser, UserDto>,
    IRequestHandler<UpdateUserSettings, UserDto?>,
    IRequestHandler<ListSignalRecipients, IReadOnlyList<UserDto>>,
    IRequestHandler<DeactivateUser, bool>,
    IRequestHandler<VerifyCredentials, CredentialCheck>,
    IRequestHandler<CreateLogin, UserDto>,
    IRequestHandler<ListUsers, UserPage>,
    IRequestHandler<ChangeUser, UserDto?>
{
    public const int MaxPageSize = 200;

    public async ValueTask<UserDto?> Handle(GetUserById request, CancellationToken cancellationToken) =>
        (await store.FindAsync(request.UserId, cancellationToken).ConfigureAwait(false))?.ToDto();

    public async ValueTask<UserDto?> Handle(GetUserByTelegramId request, CancellationToken cancellationToken) =>
        (await store.FindByTelegramIdAsync(request.TelegramId, cancellationToken).ConfigureAwait(false))?.ToDto();

    public async ValueTask<UserDto> Handle(RegisterTelegramUser request, CancellationToken cancellationToken)
    {
        if (request.TelegramId <= 0)
        {
            throw AtraProblem.Validation("telegram_id", "telegram_id: must be a positive Telegram user id.");
        }
        var language = UserSettingsRules.Apply(Defaults, new UserSettingsChange(Language: request.Language)).Language;
        var existing = await store.FindByTelegramIdAsync(request.TelegramId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var user = existing.ToDto();
            // Only a user who blocked the bot comes back by themselves; whom an admin deactivated stays out.
            if (user.ReactivatesOnStart && await store.ReactivateAsync(existing.Id, DeactivationCause.BlockedBot, cancellationToken).ConfigureAwait(false))
            {
                LogReactivated(logger, existing.Id);
                return (await store.FindAsync(existing.Id, cancellationToken).ConfigureAwait(false))!.ToDto();
            }
            return user;
        }
        // A Telegram handle is informative only; when another row holds it (an API login), register without it.
        var username = request.Username is { Length: > 0 and <= UserSettingsRules.MaxUsernameLength } name
                       && await store.FindByUsernameAsync(name, cancellationToken).ConfigureAwait(false) is null ? name : null;
        var id = await store.InsertAsync(request.TelegramId, username, null, language, false, cancellationToken).ConfigureAwait(false);
        // null: a concurrent /start of the same user won the insert; theirs is ours.
        var row = id is { } newId
            ? await store.FindAsync(newId, cancellationToken).ConfigureAwait(false)
            : await store.FindByTelegramIdAsync(request.TelegramId, cancellationToken).ConfigureAwait(false);
        return row!.ToDto();
    }

    public async ValueTask<UserDto?> Handle(UpdateUserSettings request, CancellationToken cancellationToken)
    {
        var row = await store.FindAsync(request.UserId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var settings = UserSettingsRules.Apply(row.Settings, request.Change);
        await store.UpdateSettingsAsync(row.Id, settings, cancellationToken).ConfigureAwait(false);
        return row.ToDto() with { Settings = settings };
    }

    public async ValueTask<IReadOnlyList<UserDto>> Handle(ListSignalRecipients request, CancellationToken cancellationToken)
    {
        var rows = await store.ListRecipientsAsync(request.SignalPassedStrict, cancellationToken).ConfigureAwait(false);
        var users = new UserDto[rows.Count];
        for (var i = 0; i < users.Length; i++)
        {
            users[i] = rows[i].ToDto();
        }
        return users;
    }

    public async ValueTask<bool> Handle(DeactivateUser request, CancellationToken cancellationToken)
    {
        if (!await store.DeactivateAsync(request.UserId, request.Cause, request.Detail, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        LogDeactivated(logger, request.UserId, request.Cause, request.Detail);
        await publisher.Publish(new UserDeactivated(request.UserId, request.Detail), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask<CredentialCheck> Handle(VerifyCredentials request, CancellationToken cancellationToken)
    {
        var row = UserSettingsRules.UsernameError(request.Username) is null
            ? await store.FindByUsernameAsync(request.Username, cancellationToken).ConfigureAwait(false)
            : null;
        if (row?.PasswordHash is null)
        {
            hasher.SpendEquivalentTime(request.Password);
            return new CredentialCheck(CredentialStatus.Invalid, null);
        }
        if (!hasher.Verify(row.PasswordHash, request.Password, out var needsRehash))
        {
            return new CredentialCheck(CredentialStatus.Invalid, null);
        }
        if (needsRehash)
        {
            await store.UpdatePasswordHashAsync(row.Id, hasher.Hash(request.Password), cancellationToken).ConfigureAwait(false);
            LogRehashed(logger, row.Id, hasher.Iterations);
        }
        return row.IsActive == 1
            ? new CredentialCheck(CredentialStatus.Valid, row.ToDto())
            : new CredentialCheck(CredentialStatus.Disabled, null);
    }

    public async ValueTask<UserDto> Handle(CreateLogin request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (UserSettingsRules.UsernameError(request.Username) is { } u)
        {
            errors["username"] = [u];
        }
        if (UserSettingsRules.PasswordError(request.Password) is { } p)
        {
            errors["password"] = [p];
        }
        if (errors.Count > 0)
        {
            throw new AtraProblem(400, "Invalid login", string.Join(" ", errors.Values.SelectMany(v => v)), errors);
        }
        var id = await store.InsertAsync(null, request.Username, hasher.Hash(request.Password), "en", request.IsAdmin, cancellationToken).ConfigureAwait(false)
                 ?? throw AtraProblem.Conflict($"The username '{request.Username}' is taken.");
        LogCreated(logger, id, request.IsAdmin);
        return (await store.FindAsync(id, cancellationToken).ConfigureAwait(false))!.ToDto();
    }

    public async ValueTask<UserPage> Handle(ListUsers request, CancellationToken cancellationToken)
    {
        if (request.Page < 1)
        {
            throw AtraProblem.Validation("page", "page: must be 1 or more.");
        }
        if (request.PageSize is < 1 or > MaxPageSize)
        {
            throw AtraProblem.Validation("page_size", $"page_size: must be between 1 and {MaxPageSize}.");
        }
        if (request.Search is { } search && (search.Length > UserSettingsRules.MaxUsernameLength || UserSettingsRules.UsernameError(search.PadRight(UserSettingsRules.MinUsernameLength, 'a')) is not null))
        {
            throw AtraProblem.Validation("search", "search: part of a username (letters a-z, digits and _ . - @, at most 64 characters).");
        }
        var (rows, total) = await store.ListAsync(request.Page, request.PageSize, request.IsActive, request.IsAdmin, request.Search, cancellationToken).ConfigureAwait(false);
        return new UserPage(rows.Select(r => r.ToDto()).ToList(), request.Page, request.PageSize, total);
    }

    public async ValueTask<UserDto?> Handle(ChangeUser request, CancellationToken cancellationToken)
    {
        var row = await store.FindAsync(request.UserId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        // Validate everything before writing anything: a rejected change changes nothing.
        var settings = request.Settings is { } change ? UserSettingsRules.Apply(row.Settings, change) : null;
        if (settings is not null)
        {
            await store.UpdateSettingsAsync(row.Id, settings, cancellationToken).ConfigureAwait(false);
        }
        if (request.IsAdmin is { } isAdmin)
        {
            await store.UpdateRoleAsync(row.Id, isAdmin, cancellationToken).ConfigureAwait(false);
        }
        if (request.IsActive == true)
        {
            await store.ReactivateAsync(row.Id, onlyAfter: null, cancellationToken).ConfigureAwait(false);
        }
        else if (request.IsActive == false)
        {
            await store.DeactivateAsync(row.Id, DeactivationCause.Admin, "deactivated by an admin", cancellationToken).ConfigureAwait(false);
            LogDeactivated(logger, row.Id, DeactivationCause.Admin, "deactivated by an admin");
        }
        // Sessions end after the change is stored (a refresh issues tokens from the stored role and activity), and on
        // every request that names the field, changed or not: a retry after a failed revocation revokes again.
        if (request.IsActive == false)
        {
            await publisher.Publish(new UserDeactivated(row.Id, "deactivated by an admin"), cancellationToken).ConfigureAwait(false);
        }
        else if (request.IsAdmin is { } role)
        {
            await publisher.Publish(new UserRoleChanged(row.Id, role), cancellationToken).ConfigureAwait(false);
        }
        return (await store.FindAsync(row.Id, cancellationToken).ConfigureAwait(false))!.ToDto();
    }

    private static readonly UserSettingsDto Defaults = new("en", "medium", "soft", "futures", 1, 1000m);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} was deactivated ({Cause}): {Detail}")]
    private static partial void LogDeactivated(ILogger logger, long userId, DeactivationCause cause, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} had blocked the bot and is active again after /start")]
    private static partial void LogReactivated(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rehashed the password of user {UserId} with {Iterations} PBKDF2 iterations")]
    private static partial void LogRehashed(ILogger logger, long userId, int iterations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created login {UserId} (admin: {IsAdmin})")]
    private static partial void LogCreated(ILogger logger, long userId, bool isAdmin);
}
