-- PostgreSQL twin of ../0101_signal_lifecycle_state.sql (same name, same journal step): BIGINT for INTEGER, DOUBLE PRECISION for REAL,
-- identity columns for AUTOINCREMENT; money stays TEXT decimals as on SQLite (exact, read by the same code).
-- Signals module: what the live lifecycle needs to resume an open signal after a restart exactly where it was.
ALTER TABLE enhanced_signals ADD COLUMN tp1_exit_price TEXT NULL;      -- price of the TP1 partial exit (tp1, or the open on a gap)
ALTER TABLE enhanced_signals ADD COLUMN dca_fill_price TEXT NULL;      -- price the DCA add filled at
ALTER TABLE enhanced_signals ADD COLUMN stop_price TEXT NULL;          -- the stop in force for the next candle
ALTER TABLE enhanced_signals ADD COLUMN candles_seen BIGINT NOT NULL DEFAULT 0;   -- candles processed after the signal candle
ALTER TABLE enhanced_signals ADD COLUMN last_candle_time BIGINT NULL; -- open time (ms) of the last candle processed
