-- Backtest module: backtests started through the API (POST /api/backtests), kept so results survive a restart.
-- symbols is a comma-separated list (null: every file of the interval); summary is summary.json; trades is the JSON
-- array of the trades the API pages through.
CREATE TABLE backtest_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    symbols          TEXT    NULL,
    interval         TEXT    NOT NULL,
    from_ms          INTEGER NULL,
    to_ms            INTEGER NULL,
    requested_by     INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    started_at       INTEGER NULL,
    finished_at      INTEGER NULL,
    error            TEXT    NULL,
    summary          TEXT    NULL,
    trades           TEXT    NULL,
    trade_count      INTEGER NULL
);
CREATE INDEX ix_backtest_runs_status ON backtest_runs (status);
