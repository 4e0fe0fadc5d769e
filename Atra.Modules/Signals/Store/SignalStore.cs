using System.Globalization;
using System.Text.Json;
using Atra.Modules.Risk.Contracts;
using Atra.Modules.Shared.Persistence;
using Atra.Modules.Signals.Contracts;
using Atra.Modules.Signals.Queries;
using Dapper;

namespace Atra.Modules.Signals.Store;

/// <summary>
/// The <c>enhanced_signals</c> table: broadcast signals (user_id null), their levels, verdicts and features, and
/// the lifecycle state (open → tp1_hit → closed). Prices are written in round-trip form, which is exact decimal
/// text and reads back to the very double the lifecycle compared with, so a resumed signal behaves identically.
/// </summary>
internal sealed class SignalStore(IDbConnectionFactory connections, TimeProvider clock, SignalPageCache pages)
{
    private const string InsertSql = """
        INSERT INTO enhanced_signals (symbol, side, entry_price, tp1_price, tp2_price, sl_price, dca_price, risk_pct, leverage,
            filter_mode, btc_trend_status, news_impact, whale_impact, anomaly_score, ml_probability, features, status,
            interval, signal_time, created_at, stop_price, candles_seen)
        VALUES (@Symbol, @Side, @Entry, @Tp1, @Tp2, @Sl, @Dca, @RiskPct, 1,
            @Mode, @BtcTrend, @News, @Whale, @Anomaly, @Ml, @Features, 'open',
            @Interval, @SignalTime, @CreatedAt, @Sl, 0)
        ON CONFLICT DO NOTHING;
        SELECT id FROM enhanced_signals WHERE symbol = @Symbol AND interval = @Interval AND signal_time = @SignalTime AND side = @Side AND user_id IS NULL;
        """;

    private const string UpdateSql = """
        UPDATE enhanced_signals SET status = @Status, tp1_exit_price = @Tp1Exit, dca_fill_price = @DcaFill, dca_count = @DcaCount,
            stop_price = @Stop, candles_seen = @CandlesSeen, last_candle_time = @LastCandleTime
        WHERE id = @Id AND status <> 'closed';
        """;

    private const string CloseSql = """
        UPDATE enhanced_signals SET status = 'closed', result = @Result, exit_reason = @ExitReason, exit_price = @ExitPrice,
            profit_pct = @ProfitPct, exit_ts = @ExitTs, dca_count = @DcaCount, tp1_exit_price = @Tp1Exit, dca_fill_price = @DcaFill,
            candles_seen = @CandlesSeen, last_candle_time = @ExitTs, final_exit_price = @FinalExit
        WHERE id = @Id;
        """;

    private const string OpenSql = """
        SELECT id AS Id, symbol AS Symbol, side AS Side, filter_mode AS FilterMode, entry_price AS EntryPrice, sl_price AS SlPrice,
            tp1_price AS Tp1Price, tp2_price AS Tp2Price, dca_price AS DcaPrice, tp1_exit_price AS Tp1ExitPrice,
            dca_fill_price AS DcaFillPrice, candles_seen AS CandlesSeen, last_candle_time AS LastCandleTime, signal_time AS SignalTime
        FROM enhanced_signals
        WHERE status <> 'closed' AND interval = @Interval AND user_id IS NULL
        ORDER BY signal_time, id;
        """;

    public async Task<long> InsertAsync(string symbol, string interval, SignalCandidate candidate, SignalLevels levels, double riskPct, CancellationToken ct)
    {
        var f = candidate.Features;
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            Symbol = symbol,
            Side = levels.Side.ToText(),
            Entry = Price(levels.Entry),
            Tp1 = Price(levels.Tp1),
            Tp2 = Price(levels.Tp2),
            Sl = Price(levels.Sl),
            Dca = levels.HasDca ? Price(levels.Dca) : null,
            RiskPct = riskPct.ToString("R", CultureInfo.InvariantCulture),
            Mode = candidate.Mode.ToText(),
            BtcTrend = f.BtcTrend.ToText(),
            News = Real(f.NewsImpact),
            Whale = Real(f.WhaleImpact),
            Anomaly = Real(f.AnomalyScore),
            Ml = Real(f.MlProbability),
            Features = FeaturesJson(f),
            Interval = interval,
            SignalTime = candidate.OpenTimeMs,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// The lifecycle state of open signals (latest per signal), all in one transaction: one commit for every open
    /// signal a closed candle moved, instead of one per signal.
    /// </summary>
    public async Task UpdateStatesAsync(IReadOnlyCollection<SignalStateUpdate> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return;
        }
        var args = new List<object>(updates.Count);
        foreach (var u in updates)
        {
            var life = u.Life;
            args.Add(new
            {
                u.Id,
                Status = life.Tp1Hit ? "tp1_hit" : "open",
                Tp1Exit = OptionalPrice(life.Tp1ExitPrice),
                DcaFill = OptionalPrice(life.DcaFillPrice),
                life.DcaCount,
                Stop = Price(life.Stop),
                life.CandlesSeen,
                LastCandleTime = u.LastCandleTimeMs,
            });
        }
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connections.Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, transaction, cancellationToken: ct)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        // TP1/DCA notifications go out before this batch is written; the API's pages are dropped once it is.
        pages.Invalidate();
    }

    public async Task CloseAsync(long id, SignalLifecycle life, CancellationToken ct)
    {
        var args = new
        {
            Id = id,
            Result = life.ProfitPct > 0 ? "win" : "loss",
            ExitReason = life.ExitReason.ToText(),
            ExitPrice = Price(life.ExitPrice),
            ProfitPct = life.ProfitPct.ToString("R", CultureInfo.InvariantCulture),
            ExitTs = life.ExitTimeMs,
            life.DcaCount,
            Tp1Exit = OptionalPrice(life.Tp1ExitPrice),
            DcaFill = OptionalPrice(life.DcaFillPrice),
            life.CandlesSeen,
            FinalExit = OptionalPrice(life.FinalExitPrice),
        };
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(CloseSql, args, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OpenSignalRow>> LoadOpenAsync(string interval, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OpenSignalRow>(new CommandDefinition(OpenSql, new { Interval = interval }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    public static double ParsePrice(string? text) =>
        text is null ? double.NaN : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The features column: the trades.csv feature names, null where undefined.</summary>
    public static string FeaturesJson(in SignalFeatures f)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Write(w, "ema7", f.Ema7);
            Write(w, "ema25", f.Ema25);
            Write(w, "rsi14", f.Rsi14);
            Write(w, "adx14", f.Adx14);
            Write(w, "stochrsi_k", f.StochRsiK);
            Write(w, "stochrsi_d", f.StochRsiD);
            Write(w, "atr14", f.Atr14);
            Write(w, "bb_pos", f.BbPos);
            Write(w, "volume_ratio", f.VolumeRatio);
            Write(w, "momentum_1h", f.Momentum1h);
            Write(w, "momentum_4h", f.Momentum4h);
            w.WriteString("btc_trend", f.BtcTrend.ToText());
            Write(w, "btc_momentum_1h", f.BtcMomentum1h);
            Write(w, "anomaly_score", f.AnomalyScore);
            Write(w, "whale_impact", f.WhaleImpact);
            Write(w, "news_impact", f.NewsImpact);
            Write(w, "ml_probability", f.MlProbability);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The features column read back (<see cref="FeaturesJson"/>'s inverse): a missing or null value is NaN.</summary>
    public static SignalFeatures ParseFeatures(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var o = document.RootElement;
        return new SignalFeatures
        {
            Ema7 = Read(o, "ema7"),
            Ema25 = Read(o, "ema25"),
            Rsi14 = Read(o, "rsi14"),
            Adx14 = Read(o, "adx14"),
            StochRsiK = Read(o, "stochrsi_k"),
            StochRsiD = Read(o, "stochrsi_d"),
            Atr14 = Read(o, "atr14"),
            BbPos = Read(o, "bb_pos"),
            VolumeRatio = Read(o, "volume_ratio"),
            Momentum1h = Read(o, "momentum_1h"),
            Momentum4h = Read(o, "momentum_4h"),
            BtcTrend = BtcTrendText.ParseBtcTrend(o.TryGetProperty("btc_trend", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null),
            BtcMomentum1h = Read(o, "btc_momentum_1h"),
            AnomalyScore = Read(o, "anomaly_score"),
            WhaleImpact = Read(o, "whale_impact"),
            NewsImpact = Read(o, "news_impact"),
            MlProbability = Read(o, "ml_probability"),
        };
    }

    private static double Read(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    private static void Write(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Price(double value) => PriceTick.Text(value);

    private static string? OptionalPrice(double value) => double.IsNaN(value) ? null : Price(value);

    private static double? Real(double value) => double.IsFinite(value) ? value : null;
}
