-- Signals module: the price at which the last quantity of a closed signal left (exit_price is the mean of all exits),
-- so that Positions can book a missed SignalClosed at startup exactly as the live event would have.
ALTER TABLE enhanced_signals ADD COLUMN final_exit_price TEXT NULL;
