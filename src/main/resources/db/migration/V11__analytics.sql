-- Operations analytics (issue 16, docs/analytics.md). Portable SQL: runs unchanged on H2 2.x (MODE=PostgreSQL) and
-- PostgreSQL 14+.

-- The first-line response is the FIRST decided outcome (design.md section 5): a re-run or a later verdict changes
-- outcome/decided_at, never these two. first_notified_at is when the first notification about the incident was
-- sent (the start of MTTA).
ALTER TABLE incidents ADD COLUMN first_outcome VARCHAR(20);
ALTER TABLE incidents ADD COLUMN first_decided_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN first_notified_at TIMESTAMP WITH TIME ZONE;

UPDATE incidents SET first_outcome = outcome, first_decided_at = decided_at
 WHERE outcome IS NOT NULL AND decided_at IS NOT NULL;
UPDATE incidents SET first_notified_at = (SELECT MIN(o.sent_at) FROM outbox o WHERE o.incident_id = incidents.id)
 WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.incident_id = incidents.id AND o.sent_at IS NOT NULL);

-- Covering index of the stats queries: every column GET /api/v1/stats reads, led by the period filter, so a year of
-- a million incidents is aggregated from the index alone (no read of the wide rows: name, summary, reason).
-- Chosen over rollup tables: every writer (folding, scenarios, people's actions, the resolve sweep) keeps it
-- current without knowing analytics exists, and any period, filter and grouping stays exact.
CREATE INDEX incidents_stats ON incidents (first_seen, customer_id, alert_class, severity, host, state,
    first_outcome, alert_count, first_decided_at, resolved_at, acknowledged_at, first_notified_at,
    automation_started_at, scenario);
