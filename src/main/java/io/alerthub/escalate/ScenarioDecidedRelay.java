package io.alerthub.escalate;

import io.alerthub.model.Outcome;
import io.alerthub.scenario.ScenarioDecided;
import io.alerthub.support.Handoff;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Puts each scenario verdict that needs a person on the escalate stage's entry, {@code direct:escalate.plan}
 * (routes/escalate/escalation.camel.yaml); a {@code RESOLVED} verdict wakes nobody and stops here.
 */
@Component
public class ScenarioDecidedRelay {
    /** The escalate stage's entry for a verdict. */
    public static final String ENDPOINT = "direct:escalate.plan";
    private final Handoff handoff;

    public ScenarioDecidedRelay(Handoff handoff) {
        this.handoff = handoff;
    }

    @EventListener
    public void on(ScenarioDecided decided) {
        if (decided.outcome() != Outcome.RESOLVED) {
            handoff.send(ENDPOINT, decided);
        }
    }
}
