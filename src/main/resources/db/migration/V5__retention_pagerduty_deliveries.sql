-- Retention and PagerDuty replay protection. Portable SQL (H2 2.x in PostgreSQL mode and PostgreSQL 14+).

-- PagerDuty webhook deliveries already applied, by event id (or body hash): a replay is recognised and ignored.
-- Rows older than alerthub.retention.pagerduty-deliveries are purged; older deliveries are refused by their age.
CREATE TABLE pagerduty_deliveries (
    customer_id   VARCHAR(64)  NOT NULL,
    delivery_id   VARCHAR(200) NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer_id, delivery_id)
);
CREATE INDEX pagerduty_deliveries_received ON pagerduty_deliveries (received_at);

-- the retention purge empties old raw bodies but keeps the row (alerts reference it, its dedup key still works)
ALTER TABLE inbox ADD COLUMN body_purged_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX inbox_received ON inbox (received_at);
-- the retention purge drops stdout/stderr/body from old scenario steps but keeps the entry
ALTER TABLE timeline ADD COLUMN output_purged_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX timeline_kind_occurred ON timeline (kind, occurred_at);
CREATE INDEX rejected_received ON rejected (received_at);
CREATE INDEX outbox_status_sent ON outbox (status, sent_at);
