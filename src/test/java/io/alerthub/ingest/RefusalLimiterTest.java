package io.alerthub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-source refusal limit: a fixed window per source, IPv6 counted per /64, 0 switches it off. */
class RefusalLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RefusalLimiter limiter = new RefusalLimiter(new RefusalLimitProperties(3, Duration.ofMinutes(1), 10),
            nanos::get);

    @Test
    void aSourceIsLimitedAfterMaxRefusalsUntilItsWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfter("192.0.2.1")).isEmpty();
            limiter.refused("192.0.2.1");
        }
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(limiter.retryAfter("192.0.2.1")).contains(Duration.ofSeconds(40));
        assertThat(limiter.retryAfter("192.0.2.2")).as("other sources are not affected").isEmpty();

        nanos.addAndGet(Duration.ofSeconds(41).toNanos());
        assertThat(limiter.retryAfter("192.0.2.1")).as("a new window").isEmpty();
    }

    @Test
    void ipv6SourcesCountPerSlash64() {
        assertThat(RefusalLimiter.sourceOf("2001:db8:1:2:aaaa::1")).isEqualTo(RefusalLimiter.sourceOf("2001:db8:1:2::ffff"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(RefusalLimiter.sourceOf("2001:db8:1:3::1")).isNotEqualTo(RefusalLimiter.sourceOf("2001:db8:1:2::1"));
        assertThat(RefusalLimiter.sourceOf("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(RefusalLimiter.sourceOf("")).isNull();
    }

    @Test
    void maxZeroSwitchesTheLimitOff() {
        RefusalLimiter off = new RefusalLimiter(new RefusalLimitProperties(0, null, null), nanos::get);
        for (int i = 0; i < 100; i++) {
            off.refused("192.0.2.1");
        }
        assertThat(off.retryAfter("192.0.2.1")).isEmpty();
    }
}
