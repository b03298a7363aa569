-- Escalation and notification: the outbox every notification goes through (its id is the idempotency key), and
-- silences created through the API (silences in customer.yaml live there). Portable SQL (H2 2.x, PostgreSQL 14+).

CREATE TABLE outbox (
    -- incident|channel|action|level[|seq]: enqueueing the same notification twice stores it once
    id            VARCHAR(200) PRIMARY KEY,
    customer_id   VARCHAR(64)  NOT NULL,
    incident_id   VARCHAR(36)  NOT NULL REFERENCES incidents (id),
    channel       VARCHAR(32)  NOT NULL,
    action        VARCHAR(16)  NOT NULL,
    level         INTEGER      NOT NULL,
    audience      VARCHAR(10)  NOT NULL,
    -- PENDING, SENDING, SENT, HELD (quiet hours), CANCELLED, FAILED (handed to a fallback), DEAD (dead letter)
    status        VARCHAR(10)  NOT NULL,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until   TIMESTAMP WITH TIME ZONE,
    attempts      INTEGER      NOT NULL,
    last_error    VARCHAR(2000),
    external_ref  VARCHAR(255),
    fallback_of   VARCHAR(200),
    group_key     VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_due ON outbox (status, due_at);
CREATE INDEX outbox_incident ON outbox (incident_id, channel);
CREATE INDEX outbox_customer ON outbox (customer_id, status, sent_at);

CREATE TABLE silences (
    id            VARCHAR(36)  PRIMARY KEY,
    customer_id   VARCHAR(64)  NOT NULL,
    hosts         VARCHAR(2000),
    alert_classes VARCHAR(2000),
    starts_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    comment       VARCHAR(2000),
    created_by    VARCHAR(128) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX silences_customer ON silences (customer_id, ends_at);
