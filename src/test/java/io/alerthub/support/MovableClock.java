package io.alerthub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time ticking from a fixed start that a test may move forward, registered as the hub's {@code @Primary} clock by
 * the test's own configuration: retries and leases still come due by themselves, while hours of escalation delays,
 * quiet windows or resolve timeouts pass in one call.
 */
public class MovableClock extends Clock {
    private final Instant start;
    private final long startNanos = System.nanoTime();
    private final AtomicLong offsetNanos = new AtomicLong();

    public MovableClock(Instant start) {
        this.start = start;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(System.nanoTime() - startNanos + offsetNanos.get());
    }

    /** From now on the hub reads {@code by} later than real time. */
    public void advance(Duration by) {
        offsetNanos.addAndGet(by.toNanos());
    }

    /** Moves to {@code at}, which must not be in the clock's past. */
    public void moveTo(Instant at) {
        Duration by = Duration.between(instant(), at);
        assertThat(by.isNegative()).as("the test clock only moves forward").isFalse();
        advance(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the hub reads instants only");
    }
}
