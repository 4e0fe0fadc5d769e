using System.Globalization;
using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Telegram.Ports;

/// <summary>
/// <see cref="IUserDirectory"/> over the Users module's <c>users</c> table (its columns are the settings the legacy
/// import fills, so imported subscribers get signals with their imported settings). Reads and single-column
/// updates only; the value rules stay with the bot's validation and the table's CHECK constraints.
/// </summary>
internal sealed class SqliteUserDirectory(IDbConnectionFactory connections, TimeProvider clock) : IUserDirectory
{
    private const string Columns = """
        id AS Id, user_id AS TelegramId, username AS Username, language AS Language, risk_tolerance AS RiskTolerance,
        filter_mode AS FilterMode, trade_mode AS TradeMode, leverage AS Leverage, deposit AS DepositText,
        is_active AS IsActive, is_admin AS IsAdmin
        """;

    public async Task<BotUser?> FindAsync(long telegramId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + Columns + " FROM users WHERE user_id = @TelegramId";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { TelegramId = telegramId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToUser();
    }

    public async Task<BotUser> RegisterAsync(long telegramId, string? username, string language, CancellationToken cancellationToken)
    {
        // The username column is unique for API logins; a Telegram handle is informative only, so it is not stored
        // here (two people may swap handles), and a returning user keeps their settings.
        const string sql = """
            INSERT INTO users (user_id, language, is_active, created_at) VALUES (@TelegramId, @Language, 1, @Now)
            ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO UPDATE SET is_active = 1, language = excluded.language
            """;
        _ = username;
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { TelegramId = telegramId, Language = language, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return await FindAsync(telegramId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the user row vanished right after it was written");
    }

    public async Task UpdateSettingAsync(long telegramId, string key, string value, CancellationToken cancellationToken)
    {
        // One const statement per column: the column name is never built from input.
        var sql = key switch
        {
            "language" => "UPDATE users SET language = @Value WHERE user_id = @TelegramId",
            "risk_tolerance" => "UPDATE users SET risk_tolerance = @Value WHERE user_id = @TelegramId",
            "filter_mode" => "UPDATE users SET filter_mode = @Value WHERE user_id = @TelegramId",
            "trade_mode" => "UPDATE users SET trade_mode = @Value WHERE user_id = @TelegramId",
            "leverage" => "UPDATE users SET leverage = CAST(@Value AS INTEGER) WHERE user_id = @TelegramId",
            "deposit" => "UPDATE users SET deposit = @Value WHERE user_id = @TelegramId",
            _ => throw new ArgumentException($"'{key}' is not a user setting", nameof(key)),
        };
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { TelegramId = telegramId, Value = value }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BotUser>> ListSubscribersAsync(string filterMode, string side, CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + Columns + """
             FROM users
            WHERE is_active = 1 AND user_id IS NOT NULL
              AND (filter_mode = 'soft' OR @FilterMode = 'strict')
              AND (trade_mode = 'futures' OR @Side = 'long')
            ORDER BY id
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { FilterMode = filterMode, Side = side }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task<IReadOnlyList<BotUser>> ListActiveAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + Columns + " FROM users WHERE is_active = 1 AND user_id IS NOT NULL ORDER BY id";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task MarkInactiveAsync(long telegramId, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE users SET is_active = 0 WHERE user_id = @TelegramId";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { TelegramId = telegramId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<UserCounts> CountAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT COUNT(*) AS Total,
                   COALESCE(SUM(is_active), 0) AS Active,
                   COALESCE(SUM(CASE WHEN is_active = 1 AND filter_mode = 'strict' THEN 1 ELSE 0 END), 0) AS Strict,
                   COALESCE(SUM(CASE WHEN is_active = 1 AND trade_mode = 'futures' THEN 1 ELSE 0 END), 0) AS Futures,
                   COALESCE(SUM(is_admin), 0) AS Admins
            FROM users WHERE user_id IS NOT NULL
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleAsync<UserCounts>(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private sealed record Row(long Id, long TelegramId, string? Username, string Language, string RiskTolerance, string FilterMode, string TradeMode, long Leverage, string DepositText, long IsActive, long IsAdmin)
    {
        public BotUser ToUser() => new(
            Id, TelegramId, Username, Language, RiskTolerance, FilterMode, TradeMode, (int)Leverage,
            decimal.TryParse(DepositText, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : 0m,
            IsActive == 1, IsAdmin == 1);
    }
}
