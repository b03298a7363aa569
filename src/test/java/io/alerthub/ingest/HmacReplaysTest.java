package io.alerthub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.store.Databases;
import io.alerthub.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The HMAC replay table on both supported databases: a signature is claimed once, a released one may be claimed
 * again, another hub instance on the same database sees the claim, and rows are purged once their window is over.
 */
class HmacReplaysTest {
    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    static final IngestAuthProperties PROPERTIES = new IngestAuthProperties(Duration.ofMinutes(5));

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aSignatureIsClaimedOnceOnEveryInstanceUntilItsWindowIsOver(Databases kind) {
        JdbcTemplate jdbc = new JdbcTemplate(kind.migrated());
        SettableClock clock = new SettableClock(NOW);
        HmacReplays one = new HmacReplays(jdbc, clock, PROPERTIES);
        HmacReplays restartedOrOther = new HmacReplays(jdbc, clock, PROPERTIES);

        assertThat(one.claim("acme:0:abcd")).isTrue();
        assertThat(one.claim("acme:0:abcd")).as("replay").isFalse();
        assertThat(restartedOrOther.claim("acme:0:abcd")).as("replay to another instance").isFalse();
        assertThat(one.claim("demo:0:abcd")).as("another customer's key").isTrue();

        one.release("acme:0:abcd");
        assertThat(restartedOrOther.claim("acme:0:abcd")).as("released: the sender may retry").isTrue();

        clock.set(NOW.plus(Duration.ofMinutes(10)).plusSeconds(1));
        assertThat(one.claim("acme:0:other")).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ingest_hmac_replays", Integer.class))
                .as("rows past their window are purged").isEqualTo(1);
    }
}
