using System.Globalization;
using System.Text.Json;
using Atra.Modules.Shared.Persistence;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atra.Modules.Users.LegacyImport;

/// <summary>
/// Imports the previous version's users file (an object keyed by Telegram id). Backup first, all valid records in
/// one transaction, records already present are skipped (so re-running imports nothing twice), every invalid
/// record is reported and kept in <c>*.rejected.json</c>, and the file is renamed <c>*.migrated</c> on success.
/// </summary>
internal sealed partial class LegacyUsersImporter
{
    private const string FindByTelegramIdSql = "SELECT id FROM users WHERE user_id = @TelegramId";
    private string FindByUsernameSql => $"SELECT user_id FROM users WHERE {_connections.Dialect.EqualsIgnoreCase("username", "@Username")}";
    private const string InsertUserSql = """
        INSERT INTO users (user_id, username, language, risk_tolerance, filter_mode, trade_mode, leverage, deposit, is_active, is_admin, created_at)
        VALUES (@TelegramId, @Username, @Language, @RiskTolerance, @FilterMode, @TradeMode, @Leverage, @Deposit, @IsActive, @IsAdmin, @CreatedAt)
        RETURNING id
        """;
    private const string InsertSettingSql = """
        INSERT INTO user_settings (user_id, setting_key, setting_value) VALUES (@UserId, @Key, @Value)
        ON CONFLICT (user_id, setting_key) DO UPDATE SET setting_value = excluded.setting_value
        """;

    private static readonly JsonSerializerOptions RejectedJson = new() { WriteIndented = true };

    private readonly IDbConnectionFactory _connections;
    private readonly StorageOptions _storage;
    private readonly TimeProvider _clock;
    private readonly ILogger<LegacyUsersImporter> _logger;

    public LegacyUsersImporter(IDbConnectionFactory connections, IOptions<StorageOptions> storage, TimeProvider clock, ILogger<LegacyUsersImporter> logger)
    {
        _connections = connections;
        _storage = storage.Value;
        _clock = clock;
        _logger = logger;
    }

    public async Task<LegacyImportReport> ImportAsync(string file, CancellationToken cancellationToken = default)
    {
        var (valid, rejected, sources) = Read(file);

        // A SQLite file is copied first; a PostgreSQL server is backed up by its operator (the import is one transaction).
        var backup = _connections.Dialect.Provider == StorageProvider.Sqlite
            ? DatabaseBackup.Create(_connections.ConnectionString, _storage.BackupFolder, _storage.KeepBackups, _clock.GetUtcNow())
            : null;
        var alreadyPresent = new List<string>();
        var imported = 0;
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();

        await using (var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await _connections.Dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            foreach (var user in valid)
            {
                var existing = await connection.QuerySingleOrDefaultAsync<long?>(FindByTelegramIdSql, new { user.TelegramId }, transaction).ConfigureAwait(false);
                if (existing is not null)
                {
                    alreadyPresent.Add(Key(user));
                    continue;
                }
                if (user.Username is not null)
                {
                    var owner = await connection.QueryFirstOrDefaultAsync<long?>(FindByUsernameSql, new { user.Username }, transaction).ConfigureAwait(false);
                    if (owner is not null)
                    {
                        rejected.Add(new RejectedLegacyUser(Key(user), $"username: '{user.Username}' already belongs to another user"));
                        continue;
                    }
                }
                var id = await connection.ExecuteScalarAsync<long>(InsertUserSql, new
                {
                    user.TelegramId,
                    user.Username,
                    user.Language,
                    user.RiskTolerance,
                    user.FilterMode,
                    user.TradeMode,
                    user.Leverage,
                    Deposit = user.Deposit.ToString(CultureInfo.InvariantCulture),
                    IsActive = user.IsActive ? 1 : 0,
                    IsAdmin = user.IsAdmin ? 1 : 0,
                    CreatedAt = now,
                }, transaction).ConfigureAwait(false);
                foreach (var (key, value) in user.Settings)
                {
                    await connection.ExecuteAsync(InsertSettingSql, new { UserId = id, Key = key, Value = value }, transaction).ConfigureAwait(false);
                }
                imported++;
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        string? rejectedPath = null;
        if (rejected.Count > 0)
        {
            rejectedPath = file + ".rejected.json";
            var kept = rejected.ToDictionary(
                r => r.Key,
                r => new { reason = r.Reason, record = sources.TryGetValue(r.Key, out var raw) ? JsonDocument.Parse(raw).RootElement : default(JsonElement?) },
                StringComparer.Ordinal);
            await File.WriteAllTextAsync(rejectedPath, JsonSerializer.Serialize(kept, RejectedJson), cancellationToken).ConfigureAwait(false);
        }
        var migratedPath = MigratedName(file);
        File.Move(file, migratedPath);

        LogImported(_logger, file, imported, alreadyPresent.Count, rejected.Count);
        foreach (var r in rejected)
        {
            LogRejected(_logger, file, r.Key, r.Reason);
        }
        return new LegacyImportReport(file, imported, alreadyPresent, rejected, backup, migratedPath, rejectedPath);
    }

    private static (List<LegacyUserRecord> Valid, List<RejectedLegacyUser> Rejected, Dictionary<string, string> Sources) Read(string file)
    {
        if (!File.Exists(file))
        {
            throw new LegacyImportException($"{file}: file not found.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new LegacyImportException($"{file}:{(ex.LineNumber ?? 0) + 1}: not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new LegacyImportException($"{file}: expected a JSON object keyed by Telegram id, found {document.RootElement.ValueKind}.");
            }
            var valid = new List<LegacyUserRecord>();
            var rejected = new List<RejectedLegacyUser>();
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            var seenIds = new HashSet<long>();
            var seenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!sources.TryAdd(property.Name, property.Value.GetRawText()))
                {
                    rejected.Add(new RejectedLegacyUser(property.Name, "the key appears more than once in the file; only its first record was considered"));
                    continue;
                }
                try
                {
                    var user = LegacyUserParser.Parse(property.Name, property.Value);
                    if (!seenIds.Add(user.TelegramId))
                    {
                        throw new FormatException($"the Telegram id {user.TelegramId} appears under another key as well");
                    }
                    if (user.Username is not null && !seenNames.Add(user.Username))
                    {
                        throw new FormatException($"username: '{user.Username}' is used by an earlier record of the file");
                    }
                    valid.Add(user);
                }
                catch (FormatException ex)
                {
                    rejected.Add(new RejectedLegacyUser(property.Name, ex.Message));
                }
            }
            return (valid, rejected, sources);
        }
    }

    private static string Key(LegacyUserRecord user) => user.TelegramId.ToString(CultureInfo.InvariantCulture);

    private static string MigratedName(string file)
    {
        var target = file + ".migrated";
        for (var n = 1; File.Exists(target); n++)
        {
            target = $"{file}.{n}.migrated";
        }
        return target;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported legacy users from {File}: {Imported} new, {AlreadyPresent} already present, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, string file, int imported, int alreadyPresent, int rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File}: legacy user {Key} was not imported: {Reason}")]
    private static partial void LogRejected(ILogger logger, string file, string key, string reason);
}
