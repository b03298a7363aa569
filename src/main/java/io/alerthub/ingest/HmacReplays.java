package io.alerthub.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Ingest stage memory of the HMAC signatures already accepted, so that a captured signed request cannot be sent again
 * while its timestamp is still inside the allowed clock skew. A signature covers its timestamp and body, so it is
 * kept for twice the skew (the longest it can pass the timestamp check); the memory is bounded by entry count.
 */
@Component
public class HmacReplays {
    private final Cache<String, Boolean> seen;

    public HmacReplays(Clock clock, IngestAuthProperties properties) {
        this.seen = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(properties.maxClockSkew().multipliedBy(2).plus(Duration.ofSeconds(1)))
                .maximumSize(properties.replayMemory())
                .build();
    }

    /**
     * Claims a signature for one request.
     *
     * @return true the first time {@code key} is seen inside its window, false for a replay
     */
    public boolean claim(String key) {
        return seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Forgets a claimed signature whose request was not accepted, so the sender may retry it unchanged. */
    public void release(String key) {
        seen.invalidate(key);
    }
}
