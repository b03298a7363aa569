package io.alerthub.support;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands an in-process event to a stage's named route ({@code direct:<stage>.<name>}, {@code seda:<stage>.<name>}):
 * the bridge from a committed change (a Spring event published after the commit) into the route map. Events are
 * hints and rows are truth: before Camel has started, or when the route fails, the stage's sweep finds the work.
 */
@Component
public class Handoff {
    private static final Logger LOG = LoggerFactory.getLogger(Handoff.class);
    private final CamelContext camel;
    private final ProducerTemplate producer;

    public Handoff(CamelContext camel, ProducerTemplate producer) {
        this.camel = camel;
        this.producer = producer;
    }

    /** Sends {@code body} to {@code endpoint} and waits for its route; false when Camel is not running or it failed. */
    public boolean send(String endpoint, Object body) {
        if (!camel.isStarted()) {
            LOG.debug("{}: camel is not running yet, the sweep takes {}", endpoint, body);
            return false;
        }
        try {
            producer.sendBody(endpoint, body);
            return true;
        } catch (RuntimeException e) {
            // the stage's error policy normally handles its failures; whatever escapes it must not fail the commit
            LOG.warn("{}: hand-off of {} failed, the sweep takes it: {}", endpoint, body, e.toString());
            return false;
        }
    }
}
