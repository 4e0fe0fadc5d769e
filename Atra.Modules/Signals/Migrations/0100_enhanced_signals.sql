-- Signals module. Prices, levels and profits are TEXT decimals (exact); verdict scores and the ML probability
-- are REAL (they are model outputs, not money); features is the JSON of the indicator values at signal time.
CREATE TABLE enhanced_signals (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol           TEXT    NOT NULL,
    side             TEXT    NOT NULL CHECK (side IN ('long', 'short')),
    entry_price      TEXT    NOT NULL,
    tp1_price        TEXT    NOT NULL,
    tp2_price        TEXT    NOT NULL,
    sl_price         TEXT    NOT NULL,
    dca_price        TEXT    NULL,
    risk_pct         TEXT    NOT NULL,
    leverage         INTEGER NOT NULL DEFAULT 1,
    filter_mode      TEXT    NOT NULL CHECK (filter_mode IN ('soft', 'strict')),
    btc_trend_status TEXT    NOT NULL DEFAULT 'unknown',
    news_impact      REAL    NULL,
    whale_impact     REAL    NULL,
    anomaly_score    REAL    NULL,
    ml_probability   REAL    NULL,
    features         TEXT    NOT NULL DEFAULT '{}',
    user_id          INTEGER NULL REFERENCES users (id),   -- null: a broadcast signal, not one user's
    status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'tp1_hit', 'closed')),
    result           TEXT    NULL CHECK (result IS NULL OR result IN ('win', 'loss')),
    exit_reason      TEXT    NULL,
    exit_price       TEXT    NULL,
    profit           TEXT    NULL,
    profit_pct       TEXT    NULL,
    exit_ts          INTEGER NULL,
    dca_count        INTEGER NOT NULL DEFAULT 0,
    interval         TEXT    NOT NULL DEFAULT '1h',
    signal_time      INTEGER NOT NULL,                     -- open time (ms) of the candle the signal came from
    created_at       INTEGER NOT NULL
);
CREATE INDEX ix_enhanced_signals_symbol_created ON enhanced_signals (symbol, created_at);
CREATE INDEX ix_enhanced_signals_status ON enhanced_signals (status);
CREATE INDEX ix_enhanced_signals_created ON enhanced_signals (created_at);
CREATE INDEX ix_enhanced_signals_user ON enhanced_signals (user_id);
CREATE UNIQUE INDEX ux_enhanced_signals_candle ON enhanced_signals (symbol, interval, signal_time, side) WHERE user_id IS NULL;
