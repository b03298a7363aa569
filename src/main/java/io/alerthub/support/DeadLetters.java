package io.alerthub.support;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead letter of the triage, escalate and notify error policies ({@code routes/errors/*-errors.camel.yaml}):
 * logs the route, the failure and the original message, and counts it per route
 * ({@code alerthub.routes.dead_letters}), so a message the stage gave up on is visible rather than lost silently.
 * The rows stay the truth: the stage's sweep or lease expiry takes the work up again.
 */
@Component("deadLetters")
public class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_BODY = 512;
    private final MeterRegistry meters;

    public DeadLetters(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records one message a route gave up on; {@code body} is the original message the route received. */
    public void record(String routeId, Object body, Throwable error) {
        meters.counter("alerthub.routes.dead_letters", "route", String.valueOf(routeId)).increment();
        String text = String.valueOf(body);
        LOG.error("route {}: gave up on message \"{}\": {}", routeId,
                text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "…" : text, String.valueOf(error), error);
    }
}
