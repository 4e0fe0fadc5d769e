-- Users module. Money (deposit) is TEXT holding an invariant decimal: exact, never a lossy REAL.
-- Times are INTEGER Unix milliseconds, UTC.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NULL,                 -- Telegram id; null for API-only logins
    username       TEXT    NULL,
    password_hash  TEXT    NULL,                 -- null: no API login (Telegram-only subscriber)
    language       TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru')),
    risk_tolerance TEXT    NOT NULL DEFAULT 'medium' CHECK (risk_tolerance IN ('low', 'medium', 'high')),
    filter_mode    TEXT    NOT NULL DEFAULT 'soft' CHECK (filter_mode IN ('soft', 'strict')),
    trade_mode     TEXT    NOT NULL DEFAULT 'futures' CHECK (trade_mode IN ('spot', 'futures')),
    leverage       INTEGER NOT NULL DEFAULT 1 CHECK (leverage BETWEEN 1 AND 125),
    deposit        TEXT    NOT NULL DEFAULT '1000',
    is_active      INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    is_admin       INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_users_user_id ON users (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX ux_users_username ON users (username COLLATE NOCASE) WHERE username IS NOT NULL;
CREATE INDEX ix_users_active ON users (is_active, filter_mode, trade_mode);

CREATE TABLE user_settings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    setting_key   TEXT    NOT NULL,
    setting_value TEXT    NOT NULL,
    UNIQUE (user_id, setting_key)
);
