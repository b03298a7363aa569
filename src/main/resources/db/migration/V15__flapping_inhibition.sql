-- Issue 13 items 1 and 2, noise control (docs/noise.md). Portable SQL (H2 2.x, PostgreSQL 14+).
-- incidents.flapping: the incident's alert changes state too often (it stays open, folds every change, runs no
-- scenario until the mark clears); incidents.inhibited_by: the open incident (e.g. host_unreachable) that keeps this
-- one SUPPRESSED.
ALTER TABLE incidents ADD COLUMN flapping BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE incidents ADD COLUMN inhibited_by VARCHAR(36);
CREATE INDEX incidents_inhibited_by ON incidents (inhibited_by);
-- One row per (customer, fingerprint) the flap detector has seen: the last status, the times of its recent state
-- changes (epoch milliseconds, comma-separated, at most the customer's "changes" of them), and whether it flaps. The
-- folding writer locks the row (FOR UPDATE), so several hub instances count every change once.
CREATE TABLE flap_states (
    customer_id     VARCHAR(64)   NOT NULL,
    fingerprint     VARCHAR(255)  NOT NULL,
    last_status     VARCHAR(10),
    changes         VARCHAR(1000) NOT NULL,
    flapping        BOOLEAN       NOT NULL,
    flapping_since  TIMESTAMP WITH TIME ZONE,
    last_change     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (customer_id, fingerprint)
);
CREATE INDEX flap_states_flapping ON flap_states (flapping, last_change);
