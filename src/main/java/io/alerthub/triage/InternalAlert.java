package io.alerthub.triage;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.time.Instant;

/**
 * A problem of the hub itself that a person must see, raised as an alert of the customer it concerns (source kind
 * {@code internal}): a notification that could not be delivered, for instance. {@code eventId} makes it idempotent;
 * {@code fingerprint} folds repeats into one incident.
 */
public record InternalAlert(String customerId, String component, String name, String alertClass, Severity severity,
                            String summary, String fingerprint, String eventId, AlertStatus status,
                            Instant startsAt) {

    /** A firing alert that starts now. */
    public InternalAlert(String customerId, String component, String name, String alertClass, Severity severity,
                         String summary, String fingerprint, String eventId) {
        this(customerId, component, name, alertClass, severity, summary, fingerprint, eventId, AlertStatus.FIRING,
                null);
    }
}
