-- Telegram module (an adapter): its outbox, what it delivered to whom, and its own small state.
-- Times are INTEGER Unix milliseconds, UTC; prices are TEXT decimals (exact).

-- Every message is written here before it is sent. dedup_key makes enqueueing idempotent: one (signal, user)
-- pair, one reply to one update, one broadcast line per user. status: pending -> sending -> sent | dropped.
CREATE TABLE telegram_outbox (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key           TEXT    NOT NULL UNIQUE,
    chat_id             INTEGER NOT NULL,
    method              TEXT    NOT NULL DEFAULT 'send' CHECK (method IN ('send', 'edit')),
    edit_message_id     INTEGER NULL,
    text                TEXT    NOT NULL,
    reply_markup        TEXT    NULL,                 -- Bot API JSON of an inline keyboard
    status              TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dropped')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    not_before          INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    sent_at             INTEGER NULL,
    telegram_message_id INTEGER NULL,
    last_error          TEXT    NULL
);
CREATE INDEX ix_telegram_outbox_due ON telegram_outbox (status, chat_id, id);

-- The signal as the bot showed it, so lifecycle messages and Accept can name it without asking Signals again.
CREATE TABLE telegram_signals (
    signal_id   INTEGER PRIMARY KEY,
    symbol      TEXT    NOT NULL,
    side        TEXT    NOT NULL CHECK (side IN ('long', 'short')),
    filter_mode TEXT    NOT NULL CHECK (filter_mode IN ('soft', 'strict')),
    entry_price TEXT    NOT NULL,
    sl_price    TEXT    NOT NULL,
    tp1_price   TEXT    NOT NULL,
    tp2_price   TEXT    NOT NULL,
    dca_price   TEXT    NULL,
    created_at  INTEGER NOT NULL
);

-- Which subscriber was offered which signal, with the size shown, and what they answered. A callback for a
-- (signal, user) pair without a row here is forged or stale and is refused.
CREATE TABLE telegram_deliveries (
    signal_id   INTEGER NOT NULL,
    telegram_id INTEGER NOT NULL,
    quantity    TEXT    NOT NULL,
    leverage    INTEGER NOT NULL,
    decision    TEXT    NULL CHECK (decision IS NULL OR decision IN ('accepted', 'skipped')),
    position_id INTEGER NULL,
    offered_at  INTEGER NOT NULL,
    decided_at  INTEGER NULL,
    PRIMARY KEY (signal_id, telegram_id)
);
CREATE INDEX ix_telegram_deliveries_user ON telegram_deliveries (telegram_id, offered_at);

-- Small key/value state: the getUpdates offset, a chat waiting for a typed deposit.
CREATE TABLE telegram_state (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
