-- Logout with only an access token ends that token's session: its family is found from the access token's jti.
CREATE INDEX ix_refresh_tokens_access_jti ON refresh_tokens (access_jti);
