-- Auth module. Refresh tokens are stored only as SHA-256 hashes (they are 256-bit random values, so a fast hash
-- is enough); a token row is used once: refreshing marks it used and adds its successor to the same family.
-- Times are INTEGER Unix milliseconds, UTC.
CREATE TABLE refresh_tokens (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash        TEXT    NOT NULL,
    family_id         TEXT    NOT NULL,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    access_jti        TEXT    NOT NULL,             -- the access token issued with it, blocked if the family dies
    access_expires_at INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    used_at           INTEGER NULL,                 -- set when rotated; presenting it again is theft
    revoked_at        INTEGER NULL,
    revoked_reason    TEXT    NULL
);
CREATE UNIQUE INDEX ux_refresh_tokens_hash ON refresh_tokens (token_hash);
CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

-- Access tokens revoked before their expiry (logout, stolen family), kept until they expire so a restart
-- does not revive them.
CREATE TABLE revoked_access_tokens (
    jti        TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ix_revoked_access_tokens_expires ON revoked_access_tokens (expires_at);
