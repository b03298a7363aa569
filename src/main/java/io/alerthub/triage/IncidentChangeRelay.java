package io.alerthub.triage;

import io.alerthub.support.Handoff;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Puts each committed {@link IncidentChanged} on the triage stage's hand-off, {@code direct:triage.incident-changed}
 * (routes/triage/incident-changed.camel.yaml), which fans it out to the scenario and escalate stages.
 */
@Component
public class IncidentChangeRelay {
    /** The triage stage's outgoing hand-off. */
    public static final String ENDPOINT = "direct:triage.incident-changed";
    private final Handoff handoff;

    public IncidentChangeRelay(Handoff handoff) {
        this.handoff = handoff;
    }

    @EventListener
    public void on(IncidentChanged change) {
        handoff.send(ENDPOINT, change);
    }
}
