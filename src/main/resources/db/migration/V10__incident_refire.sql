-- Issue 14 item 2, no incident swallows alerts: when a person was last told that an incident they own fired again
-- (a re-fire notice goes out at most once per refireAfter). The resolve-timeout sweep reads the existing
-- incidents_state_seen index (state, last_seen). Portable SQL (H2 2.x, PostgreSQL 14+).
ALTER TABLE incidents ADD COLUMN refired_at TIMESTAMP WITH TIME ZONE;
