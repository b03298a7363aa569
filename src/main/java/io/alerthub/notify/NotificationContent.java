package io.alerthub.notify;

import java.time.Instant;
import java.util.List;

/**
 * The channel-neutral content of a notification: who and what it is about, what the automation did and found, and
 * where the incident can be seen; each channel renders it in the customer's language.
 *
 * @param locale      {@code ja} or {@code en}
 * @param severity    {@code critical}, {@code error}, {@code warning} or {@code info}
 * @param steps       what the automation did, one line each, e.g. {@code check df -P '/' -> exit 0, 93% used (42 ms)}
 * @param diagnostics a bounded excerpt of what was gathered
 * @param digestItems the held notifications a {@link Notification.Action#DIGEST} sums up (DIGEST only)
 */
public record NotificationContent(String customerId, String customerName, String locale, String incidentId,
        String host, String alertName, String alertClass, String severity, String state, String outcome,
        String summary, List<String> steps, String diagnostics, String incidentUrl, Instant firstSeen,
        List<NotificationContent> digestItems) {
}
