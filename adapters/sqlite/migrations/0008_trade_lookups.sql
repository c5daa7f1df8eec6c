-- The bot reads trades by key, never whole (ADR 0069): the highest trade id, the fills of the orders a reconcile pass
-- lists, and the fills still awaiting attribution, each an index seek or range scan whatever the number stored.

CREATE INDEX projection_trade_by_id ON projection_trade (trade_id);
CREATE INDEX projection_trade_by_order ON projection_trade (order_id, trade_id);
CREATE INDEX projection_trade_unattributed ON projection_trade (trade_id) WHERE client_order_id IS NULL;
