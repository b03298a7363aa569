package io.alerthub.normalize;

import io.alerthub.model.Alert;
import java.util.List;

/**
 * What a normalizer made of one payload: the source's event id for the whole delivery (null when the format has
 * none; used to store a redelivered payload once) and the alert drafts it carried.
 */
public record NormalizedPayload(String eventId, List<Alert> alerts) {
    public NormalizedPayload {
        alerts = List.copyOf(alerts);
    }
}
