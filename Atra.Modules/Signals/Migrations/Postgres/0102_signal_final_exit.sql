-- PostgreSQL twin of ../0102_signal_final_exit.sql (same name, same journal step): BIGINT for INTEGER, DOUBLE PRECISION for REAL,
-- identity columns for AUTOINCREMENT; money stays TEXT decimals as on SQLite (exact, read by the same code).
-- Signals module: the price at which the last quantity of a closed signal left (exit_price is the mean of all exits),
-- so that Positions can book a missed SignalClosed at startup exactly as the live event would have.
ALTER TABLE enhanced_signals ADD COLUMN final_exit_price TEXT NULL;
