-- The scenario stage: which scenario took an incident and when, its verdict and why, acknowledgement; remediations
-- done per host (the rate limit that stops restart loops counts them). Portable SQL (H2 2.x and PostgreSQL 14+).

ALTER TABLE incidents ADD COLUMN scenario VARCHAR(200);
ALTER TABLE incidents ADD COLUMN outcome_reason VARCHAR(4000);
ALTER TABLE incidents ADD COLUMN automation_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN decided_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN acknowledged_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE incidents ADD COLUMN acknowledged_by VARCHAR(128);
-- the sweeper looks for incidents left OPEN or AUTOMATING (a crash between commit and scenario)
CREATE INDEX incidents_state_seen ON incidents (state, last_seen);

CREATE TABLE remediations (
    id           VARCHAR(36)  PRIMARY KEY,
    customer_id  VARCHAR(64)  NOT NULL,
    host         VARCHAR(255) NOT NULL,
    template     VARCHAR(64)  NOT NULL,
    incident_id  VARCHAR(36)  NOT NULL REFERENCES incidents (id),
    action       VARCHAR(255) NOT NULL,
    dry_run      BOOLEAN      NOT NULL,
    done_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX remediations_host ON remediations (customer_id, host, template, done_at);
