-- PostgreSQL twin of ../0201_positions_following.sql (same name, same journal step): BIGINT for INTEGER, DOUBLE PRECISION for REAL,
-- identity columns for AUTOINCREMENT; money stays TEXT decimals as on SQLite (exact, read by the same code).
-- Positions module: what following a signal with a user's own quantities needs, idempotency, and the statistics sums.
-- positions.entry_price is the average entry and positions.quantity the total entered (initial + DCA);
-- open_quantity is what is still held. realized_pnl is net of fees (Σ pnl − Σ fee of its transactions).
ALTER TABLE positions ADD COLUMN interval TEXT NOT NULL DEFAULT '1h';
ALTER TABLE positions ADD COLUMN initial_quantity TEXT NOT NULL DEFAULT '0';
ALTER TABLE positions ADD COLUMN planned_dca_quantity TEXT NOT NULL DEFAULT '0';  -- the add sized at open (lot-rounded), 0 when none
ALTER TABLE positions ADD COLUMN open_quantity TEXT NOT NULL DEFAULT '0';
ALTER TABLE positions ADD COLUMN entry_notional TEXT NOT NULL DEFAULT '0';        -- Σ q·p over the entries
ALTER TABLE positions ADD COLUMN lot_step TEXT NOT NULL DEFAULT '0';              -- the exchange's quantity step at open; 0 = none
ALTER TABLE positions ADD COLUMN stop_price TEXT NULL;                            -- the stop in force (sl, breakeven after TP1)
ALTER TABLE positions ADD COLUMN exit_reason TEXT NULL;                           -- stop_loss, breakeven, take_profit_2, timeout, end_of_data, manual
ALTER TABLE positions ADD COLUMN exit_price TEXT NULL;                            -- quantity-weighted mean of the exits
CREATE INDEX ix_positions_symbol_status ON positions (symbol, status);

-- Each fill happens at most once per position: a replayed or re-published event cannot book twice.
CREATE UNIQUE INDEX ux_transactions_position_type ON transactions (position_id, transaction_type);

-- Statistics counters apply once per event (a signal generated, a signal closed, a position opened or closed).
CREATE TABLE position_stat_events (
    event_key  TEXT    PRIMARY KEY,
    created_at BIGINT NOT NULL
);

ALTER TABLE signal_statistics ADD COLUMN closed_signals BIGINT NOT NULL DEFAULT 0;
ALTER TABLE signal_statistics ADD COLUMN profit_sum TEXT NOT NULL DEFAULT '0';  -- Σ profit_pct of the trades closed that day
ALTER TABLE signal_statistics ADD COLUMN pnl TEXT NULL;                         -- user rows: Σ net realized PnL (quote) of that day
