package io.alerthub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Ingest stage memory of the HMAC signatures already accepted (table {@code ingest_hmac_replays}), so that a captured
 * signed request cannot be sent again while its timestamp is still inside the allowed clock skew, on any hub instance
 * and after a restart. A signature covers its timestamp and body, so it is kept for twice the skew (the longest it can
 * pass the timestamp check) and then purged: the table holds at most that window's signed requests.
 */
@Component
public class HmacReplays {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration keep;
    private final AtomicLong nextPurge = new AtomicLong();

    public HmacReplays(JdbcTemplate jdbc, Clock clock, IngestAuthProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keep = properties.maxClockSkew().multipliedBy(2);
    }

    /**
     * Claims a signature for one request.
     *
     * @return true the first time {@code key} is seen inside its window, false for a replay
     */
    public boolean claim(String key) {
        Instant now = clock.instant();
        purgeExpired(now);
        return jdbc.update("INSERT INTO ingest_hmac_replays (replay_key, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                key, now.plus(keep).atOffset(ZoneOffset.UTC)) == 1;
    }

    /** Forgets a claimed signature whose request was not accepted, so the sender may retry it unchanged. */
    public void release(String key) {
        jdbc.update("DELETE FROM ingest_hmac_replays WHERE replay_key = ?", key);
    }

    /** At most once a minute per instance: rows past their window can never match a valid timestamp again. */
    private void purgeExpired(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due && nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL).toEpochMilli())) {
            jdbc.update("DELETE FROM ingest_hmac_replays WHERE expires_at < ?", now.atOffset(ZoneOffset.UTC));
        }
    }
}
