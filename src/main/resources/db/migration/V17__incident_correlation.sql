-- Issue 13 item 5, cross-channel correlation: the keys under which an incident was reported, one row per
-- (incident, key, channel). A customer with correlation.crossChannel on folds an alert from another channel (a Zabbix
-- mail beside its webhook, a CloudWatch mail beside SNS) into the incident whose key it shares. seen_at is the last
-- time that channel reported the key (the fallback key only matches within correlation.within of it).
-- Portable SQL (H2 2.x, PostgreSQL 14+).
CREATE TABLE incident_correlation (
    incident_id      VARCHAR(36)  NOT NULL REFERENCES incidents (id),
    customer_id      VARCHAR(64)  NOT NULL,
    correlation_key  VARCHAR(600) NOT NULL,
    -- the ingest channel (webhook, mail, sns, sqs) and, for the timeline, the format it came in (zabbix, cloudwatch)
    channel          VARCHAR(16)  NOT NULL,
    format           VARCHAR(64)  NOT NULL,
    seen_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (incident_id, correlation_key, channel)
);
CREATE INDEX incident_correlation_key ON incident_correlation (customer_id, correlation_key);
