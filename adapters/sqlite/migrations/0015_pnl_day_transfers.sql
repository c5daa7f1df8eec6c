-- Transfers between the spot and futures wallets per UTC day (ADR 0090): kept beside the PnL, never in it; the
-- daily loss limit takes them out of the day-start equity. No transfer was recorded before this column existed.

ALTER TABLE projection_pnl_day ADD COLUMN transfers TEXT NOT NULL DEFAULT '0';
