-- PostgreSQL twin of ../0011_user_deactivation.sql (same name, same journal step): BIGINT for INTEGER, DOUBLE PRECISION for REAL,
-- identity columns for AUTOINCREMENT; money stays TEXT decimals as on SQLite (exact, read by the same code).
-- Why and when a user was made inactive (issue 13): only a deactivation caused by Telegram's 403 (the user blocked
-- the bot) may be undone by the user's own /start. Users inactive before this migration have no recorded cause and
-- stay inactive until an admin reactivates them (fail closed).
ALTER TABLE users ADD COLUMN deactivated_reason TEXT NULL CHECK (deactivated_reason IN ('blocked_bot', 'admin'));
ALTER TABLE users ADD COLUMN deactivated_at BIGINT NULL;
ALTER TABLE users ADD COLUMN deactivated_detail TEXT NULL;
