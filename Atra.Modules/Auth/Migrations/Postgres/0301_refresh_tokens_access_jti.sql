-- PostgreSQL twin of ../0301_refresh_tokens_access_jti.sql (same name, same journal step): BIGINT for INTEGER, DOUBLE PRECISION for REAL,
-- identity columns for AUTOINCREMENT; money stays TEXT decimals as on SQLite (exact, read by the same code).
-- Logout with only an access token ends that token's session: its family is found from the access token's jti.
CREATE INDEX ix_refresh_tokens_access_jti ON refresh_tokens (access_jti);
