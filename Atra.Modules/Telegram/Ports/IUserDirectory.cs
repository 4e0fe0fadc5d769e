namespace Atra.Modules.Telegram.Ports;

/// <summary>
/// What the bot needs from the Users module. The integrator points this at the Users module's Contracts
/// (get/register by Telegram id, update settings, list eligible subscribers, mark inactive) once they exist;
/// <see cref="SqliteUserDirectory"/> serves it from the <c>users</c> table until then.
/// </summary>
internal interface IUserDirectory
{
    Task<BotUser?> FindAsync(long telegramId, CancellationToken cancellationToken);

    /// <summary>Registers a Telegram user (or reactivates one who had blocked the bot) with the chosen language.</summary>
    Task<BotUser> RegisterAsync(long telegramId, string? username, string language, CancellationToken cancellationToken);

    /// <summary>Sets one setting; <paramref name="key"/> is language, risk_tolerance, filter_mode, trade_mode, leverage or deposit, with an already validated value.</summary>
    Task UpdateSettingAsync(long telegramId, string key, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Active Telegram subscribers who take this signal: strict users only strict signals, spot users no shorts.
    /// </summary>
    Task<IReadOnlyList<BotUser>> ListSubscribersAsync(string filterMode, string side, CancellationToken cancellationToken);

    Task<IReadOnlyList<BotUser>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>The user blocked the bot (Telegram answered 403): no more messages until they /start again.</summary>
    Task MarkInactiveAsync(long telegramId, CancellationToken cancellationToken);

    Task<UserCounts> CountAsync(CancellationToken cancellationToken);
}
