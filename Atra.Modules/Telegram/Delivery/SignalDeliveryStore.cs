using System.Data.Common;
using System.Globalization;
using Atra.Modules.Shared.Persistence;
using Dapper;

namespace Atra.Modules.Telegram.Delivery;

/// <summary><c>telegram_signals</c> and <c>telegram_deliveries</c>: what was offered to whom, and the answers.</summary>
internal sealed class SignalDeliveryStore(IDbConnectionFactory connections, TimeProvider clock)
{
    private const string OfferColumns = """
        d.signal_id AS SignalId, s.symbol AS Symbol, s.side AS Side, s.filter_mode AS FilterMode, s.entry_price AS Entry,
        s.sl_price AS StopLoss, s.tp1_price AS Tp1, s.tp2_price AS Tp2, d.quantity AS Quantity, d.leverage AS Leverage,
        d.decision AS Decision, d.position_id AS PositionId, d.offered_at AS OfferedAt
        """;

    public async Task SaveSignalAsync(DbConnection connection, DbTransaction transaction, SignalOffer offer, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO telegram_signals (signal_id, symbol, side, filter_mode, entry_price, sl_price, tp1_price, tp2_price, dca_price, created_at)
            VALUES (@SignalId, @Symbol, @Side, @FilterMode, @Entry, @Sl, @Tp1, @Tp2, @Dca, @Now)
            ON CONFLICT (signal_id) DO NOTHING
            """;
        ArgumentNullException.ThrowIfNull(offer);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            offer.SignalId,
            offer.Symbol,
            offer.Side,
            offer.FilterMode,
            Entry = Text(offer.Entry),
            Sl = Text(offer.StopLoss),
            Tp1 = Text(offer.Tp1),
            Tp2 = Text(offer.Tp2),
            Dca = offer.Dca is { } dca ? Text(dca) : null,
            Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records the offer; false when this user was already offered this signal (a replayed notification).</summary>
    public async Task<bool> AddDeliveryAsync(DbConnection connection, DbTransaction transaction, long signalId, long telegramId, decimal quantity, int leverage, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO telegram_deliveries (signal_id, telegram_id, quantity, leverage, offered_at)
            VALUES (@SignalId, @TelegramId, @Quantity, @Leverage, @Now)
            ON CONFLICT (signal_id, telegram_id) DO NOTHING
            """;
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            SignalId = signalId,
            TelegramId = telegramId,
            Quantity = Text(quantity),
            Leverage = leverage,
            Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>The offer of this signal to this user, or null if it was never offered to them (a forged or stale button).</summary>
    public async Task<OfferedSignal?> FindOfferAsync(long signalId, long telegramId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + OfferColumns + " FROM telegram_deliveries d JOIN telegram_signals s ON s.signal_id = d.signal_id WHERE d.signal_id = @SignalId AND d.telegram_id = @TelegramId";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<OfferRow>(new CommandDefinition(sql, new { SignalId = signalId, TelegramId = telegramId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToOffer();
    }

    /// <summary>Records the answer once: false when the user had already answered.</summary>
    public async Task<bool> DecideAsync(long signalId, long telegramId, string decision, long? positionId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE telegram_deliveries SET decision = @Decision, position_id = @PositionId, decided_at = @Now
            WHERE signal_id = @SignalId AND telegram_id = @TelegramId AND decision IS NULL
            """;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { SignalId = signalId, TelegramId = telegramId, Decision = decision, PositionId = positionId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<OfferedSignal>> RecentOffersAsync(long telegramId, int limit, CancellationToken cancellationToken)
    {
        const string sql = "SELECT " + OfferColumns + " FROM telegram_deliveries d JOIN telegram_signals s ON s.signal_id = d.signal_id WHERE d.telegram_id = @TelegramId ORDER BY d.offered_at DESC, d.signal_id DESC LIMIT @Limit";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OfferRow>(new CommandDefinition(sql, new { TelegramId = telegramId, Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToOffer()).ToList();
    }

    /// <summary>The signal as shown, and the Telegram ids of the users who accepted it (the audience of its lifecycle messages).</summary>
    public async Task<(SignalOffer? Signal, IReadOnlyList<long> Acceptors)> AcceptorsAsync(long signalId, CancellationToken cancellationToken)
    {
        const string signalSql = """
            SELECT signal_id AS SignalId, symbol AS Symbol, side AS Side, filter_mode AS FilterMode, entry_price AS Entry, sl_price AS StopLoss,
                   tp1_price AS Tp1, tp2_price AS Tp2, dca_price AS Dca
            FROM telegram_signals WHERE signal_id = @SignalId
            """;
        const string acceptorsSql = "SELECT telegram_id FROM telegram_deliveries WHERE signal_id = @SignalId AND decision = 'accepted' ORDER BY telegram_id";
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var s = await connection.QuerySingleOrDefaultAsync<SignalRow>(new CommandDefinition(signalSql, new { SignalId = signalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (s is null)
        {
            return (null, []);
        }
        var ids = await connection.QueryAsync<long>(new CommandDefinition(acceptorsSql, new { SignalId = signalId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (new SignalOffer(s.SignalId, s.Symbol, s.Side, s.FilterMode, Parse(s.Entry), Parse(s.StopLoss), Parse(s.Tp1), Parse(s.Tp2), s.Dca is null ? null : Parse(s.Dca), []), ids.AsList());
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private sealed record SignalRow(long SignalId, string Symbol, string Side, string FilterMode, string Entry, string StopLoss, string Tp1, string Tp2, string? Dca);

    private sealed record OfferRow(long SignalId, string Symbol, string Side, string FilterMode, string Entry, string StopLoss, string Tp1, string Tp2,
        string Quantity, long Leverage, string? Decision, long? PositionId, long OfferedAt)
    {
        public OfferedSignal ToOffer() => new(SignalId, Symbol, Side, FilterMode, Parse(Entry), Parse(StopLoss), Parse(Tp1), Parse(Tp2),
            Parse(Quantity), (int)Leverage, Decision, PositionId, DateTimeOffset.FromUnixTimeMilliseconds(OfferedAt));
    }
}
