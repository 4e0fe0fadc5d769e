-- MLOps module: retrains started through the API (POST /api/mlops/retrain), kept so the outcome survives a restart.
-- request is the JSON body as validated (null: the database's closed signals); result is the retrain outcome JSON.
CREATE TABLE mlops_jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT    NOT NULL CHECK (kind IN ('retrain')),
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request          TEXT    NULL,
    requested_by     INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    started_at       INTEGER NULL,
    finished_at      INTEGER NULL,
    error            TEXT    NULL,
    result           TEXT    NULL
);
CREATE INDEX ix_mlops_jobs_status ON mlops_jobs (status);
