-- Issue 12 item 7: a rejected input run again through the current normalizers and config is recorded on its row:
-- who replayed it, when, and the alerts it became (comma-separated ids; the last successful replay).
ALTER TABLE rejected ADD COLUMN replayed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE rejected ADD COLUMN replayed_by VARCHAR(128);
ALTER TABLE rejected ADD COLUMN replay_alert_ids VARCHAR(2000);
