using System.Globalization;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Users.Contracts;
using Dapper;

namespace Atra.Modules.Users;

/// <summary>The <c>users</c> table: every query parameterised, deposits as exact TEXT decimals.</summary>
internal sealed class UserStore(IDbConnectionFactory connections, TimeProvider clock)
{
    private const string Columns = """
        id AS Id, user_id AS TelegramId, username AS Username, password_hash AS PasswordHash, language AS Language,
        risk_tolerance AS RiskTolerance, filter_mode AS FilterMode, trade_mode AS TradeMode, leverage AS Leverage,
        deposit AS Deposit, is_active AS IsActive, is_admin AS IsAdmin, created_at AS CreatedAt,
        deactivated_reason AS DeactivatedReason, deactivated_at AS DeactivatedAt
        """;

    private const string ByIdSql = $"SELECT {Columns} FROM users WHERE id = @Id";

    public async Task<UserRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(ByIdSql, new { Id = id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string ByTelegramIdSql = $"SELECT {Columns} FROM users WHERE user_id = @TelegramId";

    public async Task<UserRow?> FindByTelegramIdAsync(long telegramId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(ByTelegramIdSql, new { TelegramId = telegramId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private string ByUsernameSql => $"SELECT {Columns} FROM users WHERE {connections.Dialect.EqualsIgnoreCase("username", "@Username")}";

    public async Task<UserRow?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(ByUsernameSql, new { Username = username }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string InsertSql = """
        INSERT INTO users (user_id, username, password_hash, language, is_admin, created_at)
        VALUES (@TelegramId, @Username, @PasswordHash, @Language, @IsAdmin, @CreatedAt)
        ON CONFLICT DO NOTHING
        RETURNING id
        """;

    /// <summary>The new user's id, or null when the Telegram id or username is taken.</summary>
    public async Task<long?> InsertAsync(long? telegramId, string? username, string? passwordHash, string language, bool isAdmin, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(InsertSql, new
        {
            TelegramId = telegramId,
            Username = username,
            PasswordHash = passwordHash,
            Language = language,
            IsAdmin = isAdmin ? 1 : 0,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string UpdateSettingsSql = """
        UPDATE users SET language = @Language, risk_tolerance = @RiskTolerance, filter_mode = @FilterMode,
            trade_mode = @TradeMode, leverage = @Leverage, deposit = @Deposit
        WHERE id = @Id
        """;

    public async Task UpdateSettingsAsync(long id, UserSettingsDto s, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSettingsSql, new
        {
            Id = id,
            s.Language,
            s.RiskTolerance,
            s.FilterMode,
            s.TradeMode,
            s.Leverage,
            Deposit = s.Deposit.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    // The right-hand sides read the row as it was. A blocked bot (Telegram's 403) never replaces the cause of a user
    // who is already inactive: a 403 to a user an admin deactivated must not make their /start bring them back.
    private const string DeactivateSql = """
        UPDATE users SET
            deactivated_reason = CASE WHEN is_active = 0 AND @Reason = 'blocked_bot' THEN deactivated_reason ELSE @Reason END,
            deactivated_at = CASE WHEN is_active = 0 AND @Reason = 'blocked_bot' THEN deactivated_at ELSE @Now END,
            deactivated_detail = CASE WHEN is_active = 0 AND @Reason = 'blocked_bot' THEN deactivated_detail ELSE @Detail END,
            is_active = 0
        WHERE id = @Id
        """;

    /// <summary>Marks the user inactive and records why; false when the user does not exist.</summary>
    public async Task<bool> DeactivateAsync(long id, DeactivationCause cause, string detail, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(DeactivateSql, new
        {
            Id = id,
            Reason = UserDeactivations.Format(cause),
            Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Detail = detail,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return changed == 1;
    }

    private const string ReactivateSql = """
        UPDATE users SET is_active = 1, deactivated_reason = NULL, deactivated_at = NULL, deactivated_detail = NULL
        WHERE id = @Id AND (@OnlyAfter IS NULL OR (is_active = 0 AND deactivated_reason = @OnlyAfter))
        """;

    /// <summary>
    /// Makes the user active again. With <paramref name="onlyAfter"/>, only if they are inactive for that cause (checked
    /// in the same statement, so an admin's deactivation in between is never undone); true when the row changed.
    /// </summary>
    public async Task<bool> ReactivateAsync(long id, DeactivationCause? onlyAfter, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(ReactivateSql, new
        {
            Id = id,
            OnlyAfter = onlyAfter is { } cause ? UserDeactivations.Format(cause) : null,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return changed == 1;
    }

    private const string UpdateRoleSql = "UPDATE users SET is_admin = @IsAdmin WHERE id = @Id";

    public async Task UpdateRoleAsync(long id, bool isAdmin, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpdateRoleSql, new { Id = id, IsAdmin = isAdmin ? 1 : 0 }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string UpdatePasswordSql = "UPDATE users SET password_hash = @Hash WHERE id = @Id";

    public async Task UpdatePasswordHashAsync(long id, string hash, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpdatePasswordSql, new { Id = id, Hash = hash }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private const string RecipientsSql = $"""
        SELECT {Columns} FROM users
        WHERE is_active = 1 AND user_id IS NOT NULL AND (@AllModes = 1 OR filter_mode = 'soft')
        ORDER BY id
        """;

    public async Task<IReadOnlyList<UserRow>> ListRecipientsAsync(bool allModes, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(RecipientsSql, new { AllModes = allModes ? 1 : 0 }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.AsList();
    }

    private string Filter => $"""
        WHERE (@IsActive IS NULL OR is_active = @IsActive)
          AND (@IsAdmin IS NULL OR is_admin = @IsAdmin)
          AND (@Search IS NULL OR {connections.Dialect.ContainsIgnoreCase("username", "@Search")})
        """;
    private string PageSql => $"SELECT {Columns} FROM users {Filter} ORDER BY id LIMIT @Limit OFFSET @Offset";
    private string CountSql => $"SELECT count(*) FROM users {Filter}";

    public async Task<(IReadOnlyList<UserRow> Rows, long Total)> ListAsync(int page, int pageSize, bool? isActive, bool? isAdmin, string? search, CancellationToken ct)
    {
        var args = new
        {
            IsActive = isActive is { } a ? (a ? 1 : 0) : (int?)null,
            IsAdmin = isAdmin is { } m ? (m ? 1 : 0) : (int?)null,
            Search = search,
            Limit = pageSize,
            Offset = (long)(page - 1) * pageSize,
        };
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(PageSql, args, cancellationToken: ct)).ConfigureAwait(false);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, args, cancellationToken: ct)).ConfigureAwait(false);
        return (rows.AsList(), total);
    }
}
