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
        deposit AS Deposit, is_active AS IsActive, is_admin AS IsAdmin, created_at AS CreatedAt
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

    private const string ByUsernameSql = $"SELECT {Columns} FROM users WHERE username = @Username COLLATE NOCASE";

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

    private const string UpdateFlagsSql = """
        UPDATE users SET is_active = coalesce(@IsActive, is_active), is_admin = coalesce(@IsAdmin, is_admin) WHERE id = @Id
        """;

    public async Task<bool> UpdateFlagsAsync(long id, bool? isActive, bool? isAdmin, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(UpdateFlagsSql, new
        {
            Id = id,
            IsActive = isActive is { } a ? (a ? 1 : 0) : (int?)null,
            IsAdmin = isAdmin is { } m ? (m ? 1 : 0) : (int?)null,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return changed == 1;
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

    private const string Filter = """
        WHERE (@IsActive IS NULL OR is_active = @IsActive)
          AND (@IsAdmin IS NULL OR is_admin = @IsAdmin)
          AND (@Search IS NULL OR instr(lower(username), lower(@Search)) > 0)
        """;
    private const string PageSql = $"SELECT {Columns} FROM users {Filter} ORDER BY id LIMIT @Limit OFFSET @Offset";
    private const string CountSql = $"SELECT count(*) FROM users {Filter}";

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
