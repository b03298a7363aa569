package io.alerthub.triage;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.normalize.AlertFinisher;
import io.alerthub.normalize.Delivery;
import io.alerthub.support.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores each {@link InternalAlert} through the inbox like any other alert (source kind {@code internal}, its
 * component as the format), so it gets an incident and people; stored once per event id.
 */
@Component
public class InternalAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(InternalAlerts.class);
    private final Intake intake;
    private final AlertFinisher finisher;
    private final Clock clock;

    public InternalAlerts(Intake intake, AlertFinisher finisher, Clock clock) {
        this.intake = intake;
        this.finisher = finisher;
        this.clock = clock;
    }

    @EventListener
    public void on(InternalAlert event) {
        store(event);
    }

    /** Stores the alert; a failure is logged with the alert's text, never thrown at the caller. */
    public void store(InternalAlert event) {
        RawPayload raw = new RawPayload(Ids.next(), event.customerId(), "internal", "internal", "text/plain",
                clock.instant(), event.summary().getBytes(StandardCharsets.UTF_8));
        Alert draft = Alert.builder()
                .source(new AlertSource(null, event.component(), "alert-hub", event.eventId()))
                .status(event.status())
                .name(event.name())
                .severity(event.severity())
                .component(event.component())
                .summary(event.summary())
                .fingerprint(event.fingerprint())
                .startsAt(event.startsAt() == null ? clock.instant() : event.startsAt())
                .build();
        Alert alert = finisher.finish(draft, raw).toBuilder().alertClass(event.alertClass()).build();
        try {
            intake.store(new Delivery(raw, event.eventId(), List.of(alert)));
        } catch (RuntimeException e) {
            LOG.error("customer {}: could not store the internal alert ({}): {}", event.customerId(), e.toString(),
                    event.summary());
        }
    }
}
