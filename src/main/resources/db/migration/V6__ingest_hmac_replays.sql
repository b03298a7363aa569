-- HMAC signatures already accepted on webhook ingest (issue 11): the same signed request sent again while its
-- timestamp is still inside alerthub.ingest.auth.max-clock-skew is refused, across restarts and hub instances.
-- A row is kept until expires_at (twice the skew after it was accepted) and purged after that.
-- Portable SQL: runs unchanged on H2 2.x (MODE=PostgreSQL) and PostgreSQL 14+.

CREATE TABLE ingest_hmac_replays (
    -- customer id, credential index and the signature in lower-case hex
    replay_key  VARCHAR(200)             PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ingest_hmac_replays_expires ON ingest_hmac_replays (expires_at);
