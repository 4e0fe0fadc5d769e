-- PostgreSQL twin of ../0120_signals_exit_ts_index.sql (same name, same journal step): BIGINT for INTEGER, DOUBLE PRECISION for REAL,
-- identity columns for AUTOINCREMENT; money stays TEXT decimals as on SQLite (exact, read by the same code).
-- The public status page's performance figures read the broadcast signals closed since a day:
-- user_id IS NULL AND exit_ts >= @since ORDER BY exit_ts. Without an index that is a scan of every signal ever stored
-- on each public request (191 ms at 300,000 signals on the shared 2-core box); with this one a range of it (1.5 ms).
-- user_id leads, so SQLite picks it without statistics (user_id = NULL plus the range, in exit_ts order).
CREATE INDEX ix_enhanced_signals_user_exit ON enhanced_signals (user_id, exit_ts);
