package io.alerthub.normalize;

import io.alerthub.model.Alert;
import io.alerthub.model.RawPayload;
import java.util.List;

/**
 * A delivery ready to store: its raw record, the source's event id (null if the format has none) and its finished
 * alerts in the common format.
 */
public record Delivery(RawPayload raw, String eventId, List<Alert> alerts) {
    public Delivery {
        alerts = List.copyOf(alerts);
    }

    /** The inbox key under which a redelivery of the same source event is recognised, or null. */
    public String dedupKey() {
        return dedupKey(raw, eventId);
    }

    /** The inbox key of a delivery of {@code raw} with this event id (null if none), known before it is built. */
    public static String dedupKey(RawPayload raw, String eventId) {
        return eventId == null ? null : raw.customerId() + "|" + raw.format() + "|" + eventId;
    }
}
