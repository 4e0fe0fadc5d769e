-- PostgreSQL twin of ../0401_telegram_outbox_priority.sql (same name, same journal step).
-- Which chats the sender serves first (OutboxPriority: 0 interactive, 1 channel post, 2 bulk offers/broadcasts):
-- a reply to /start must not wait behind 100,000 queued offers. Existing rows were all sent in arrival order: 0.
ALTER TABLE telegram_outbox ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;

-- The lease reads each open chat's oldest id and most urgent priority from the index alone.
DROP INDEX ix_telegram_outbox_due;
CREATE INDEX ix_telegram_outbox_due ON telegram_outbox (status, chat_id, id, priority);
