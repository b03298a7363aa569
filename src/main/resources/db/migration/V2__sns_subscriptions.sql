-- SNS subscription and unsubscribe confirmations the hub received: confirmed automatically (an allow-listed topic
-- with auto-confirm) or kept PENDING for an operator (POST /api/v1/sns/subscriptions/{id}/confirm).
-- Portable SQL: runs unchanged on H2 2.x (MODE=PostgreSQL) and PostgreSQL 14+.

CREATE TABLE sns_subscriptions (
    id             VARCHAR(36)   PRIMARY KEY,
    customer_id    VARCHAR(64)   NOT NULL,
    topic_arn      VARCHAR(300)  NOT NULL,
    -- the SNS MessageId: a redelivered confirmation is recorded once
    message_id     VARCHAR(100)  NOT NULL,
    message_type   VARCHAR(32)   NOT NULL,
    subscribe_url  VARCHAR(2048) NOT NULL,
    -- PENDING | CONFIRMED | UNSUBSCRIBED
    state          VARCHAR(16)   NOT NULL,
    detail         VARCHAR(2000),
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at   TIMESTAMP WITH TIME ZONE,
    confirmed_by   VARCHAR(128)
);
CREATE UNIQUE INDEX sns_subscriptions_message ON sns_subscriptions (customer_id, message_id);
CREATE INDEX sns_subscriptions_customer ON sns_subscriptions (customer_id, id);
