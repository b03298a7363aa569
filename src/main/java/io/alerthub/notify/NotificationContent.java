package io.alerthub.notify;

import io.alerthub.model.Link;
import io.alerthub.model.NotificationAction;
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
 * @param digestItems the held notifications a {@link NotificationAction#DIGEST} sums up (DIGEST only)
 * @param links       the source's links for the incident's latest alert (runbook, dashboard, source console): http(s)
 *                    only, at most {@link #MAX_LINKS}; never null
 */
public record NotificationContent(String customerId, String customerName, String locale, String incidentId,
        String host, String alertName, String alertClass, String severity, String state, String outcome,
        String summary, List<String> steps, String diagnostics, String incidentUrl, Instant firstSeen,
        List<NotificationContent> digestItems, List<Link> links) {
    /** Links carried into a message: enough for runbook, dashboard, panel and source; a flood stays out. */
    public static final int MAX_LINKS = 5;

    public NotificationContent {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** Content without source links (digests, the hub's own notices). */
    public NotificationContent(String customerId, String customerName, String locale, String incidentId,
            String host, String alertName, String alertClass, String severity, String state, String outcome,
            String summary, List<String> steps, String diagnostics, String incidentUrl, Instant firstSeen,
            List<NotificationContent> digestItems) {
        this(customerId, customerName, locale, incidentId, host, alertName, alertClass, severity, state, outcome,
                summary, steps, diagnostics, incidentUrl, firstSeen, digestItems, List.of());
    }

    /**
     * This content as {@code format} must show it: every text that an alert, a scenario or a customer profile supplied
     * goes through the format (names, host, summary, steps, diagnostics, digest items); the hub's own values stay as
     * they are (customer and incident ids, locale, state, outcome, the incident link it built, link targets, which
     * were checked as plain http(s) URLs when the content was made).
     */
    public NotificationContent in(TextFormat format) {
        return new NotificationContent(customerId, format.line(customerName), locale, incidentId, format.line(host),
                format.line(alertName), format.line(alertClass), format.line(severity), state, outcome,
                format.block(summary), steps == null ? null : steps.stream().map(format::line).toList(),
                format.block(diagnostics), incidentUrl, firstSeen,
                digestItems == null ? null : digestItems.stream().map(item -> item.in(format)).toList(),
                links.stream().map(l -> new Link(l.href(), format.line(l.text()))).toList());
    }
}
