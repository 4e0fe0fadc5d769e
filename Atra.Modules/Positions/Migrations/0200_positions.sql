-- Positions module: positions, every fill as a transaction, and daily statistics.
-- Money and quantities are TEXT decimals (exact); times are INTEGER Unix milliseconds, UTC.
CREATE TABLE positions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    signal_id      INTEGER NOT NULL REFERENCES enhanced_signals (id),
    symbol         TEXT    NOT NULL,
    side           TEXT    NOT NULL CHECK (side IN ('long', 'short')),
    entry_price    TEXT    NOT NULL,
    quantity       TEXT    NOT NULL,
    leverage       INTEGER NOT NULL DEFAULT 1,
    margin         TEXT    NOT NULL,
    tp1_price      TEXT    NOT NULL,
    tp2_price      TEXT    NOT NULL,
    sl_price       TEXT    NOT NULL,
    current_price  TEXT    NULL,
    unrealized_pnl TEXT    NOT NULL DEFAULT '0',
    realized_pnl   TEXT    NOT NULL DEFAULT '0',
    status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_at      INTEGER NOT NULL,
    closed_at      INTEGER NULL,
    UNIQUE (user_id, signal_id)
);
CREATE INDEX ix_positions_user_status ON positions (user_id, status);
CREATE INDEX ix_positions_signal ON positions (signal_id);

CREATE TABLE transactions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    position_id      INTEGER NOT NULL REFERENCES positions (id),
    transaction_type TEXT    NOT NULL,   -- open, dca, tp1, close
    symbol           TEXT    NOT NULL,
    side             TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
    price            TEXT    NOT NULL,
    quantity         TEXT    NOT NULL,
    fee              TEXT    NOT NULL,
    pnl              TEXT    NOT NULL DEFAULT '0',
    balance_before   TEXT    NOT NULL,
    balance_after    TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX ix_transactions_user_created ON transactions (user_id, created_at);
CREATE INDEX ix_transactions_position ON transactions (position_id);

CREATE TABLE signal_statistics (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    date               TEXT    NOT NULL,   -- yyyy-MM-dd, UTC
    user_id            INTEGER NULL REFERENCES users (id),   -- null: all signals, not one user's
    symbol             TEXT    NOT NULL,   -- '*' for all symbols
    total_signals      INTEGER NOT NULL DEFAULT 0,
    accepted_signals   INTEGER NOT NULL DEFAULT 0,
    profitable_signals INTEGER NOT NULL DEFAULT 0,
    win_rate           REAL    NULL,
    avg_profit         TEXT    NULL,
    sharpe_ratio       REAL    NULL
);
CREATE UNIQUE INDEX ux_signal_statistics_key ON signal_statistics (date, ifnull(user_id, 0), symbol);
CREATE INDEX ix_signal_statistics_user_date ON signal_statistics (user_id, date);
