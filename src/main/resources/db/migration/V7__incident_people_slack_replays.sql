-- People in the loop (issue 14): who took an incident over, who resolved it by hand, until when its notifications are
-- snoozed, and whether the next scenario run was asked for as a dry run (POST /api/v1/incidents/{id}/rerun).
-- Slack interaction signatures already accepted (X-Slack-Signature v0), so a captured button press cannot be sent
-- again while its timestamp is inside the 5-minute window; a row is kept until expires_at and purged after that.
-- Portable SQL: runs unchanged on H2 2.x (MODE=PostgreSQL) and PostgreSQL 14+.

ALTER TABLE incidents ADD COLUMN assignee VARCHAR(128);
ALTER TABLE incidents ADD COLUMN resolved_by VARCHAR(128);
ALTER TABLE incidents ADD COLUMN snoozed_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN rerun_dry_run BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE slack_interaction_replays (
    -- the signature in lower-case hex
    replay_key  VARCHAR(200)             PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX slack_interaction_replays_expires ON slack_interaction_replays (expires_at);
