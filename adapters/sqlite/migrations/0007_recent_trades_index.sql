-- The dashboard reads the latest trades, not all of them (ADR 0052): executed ones newest first, then fee-only ones
-- (executed_at NULL), each an index range scan whatever the number of trades stored.

CREATE INDEX projection_trade_by_execution ON projection_trade (executed_at, trade_id);
