package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.model.Incident;
import io.alerthub.model.NotificationAction;
import io.alerthub.store.OutboxEntry;
import java.util.List;

/**
 * What the decide step of route {@code notify.outbox} passes on: a notification to send and the leased outbox
 * entries its result settles (one, or the members of a digest), or a refusal to settle without sending.
 *
 * @param entries      the leased entries; the first is the one the decision was about
 * @param customer     their customer; null when it is gone
 * @param incident     the first entry's incident; null when it is gone
 * @param notification what the channel is told; null for a refusal
 * @param refusal      why it cannot go out on its channel (then the fallback, else the dead letter); null to send
 * @param budgeted     true when it holds a reservation of the customer's budget, released at settlement
 */
public record Dispatch(List<OutboxEntry> entries, CustomerConfig customer, Incident incident,
        Notification notification, String refusal, boolean budgeted) {

    public Dispatch {
        entries = List.copyOf(entries);
    }

    /** One entry, sent on its own. */
    public static Dispatch single(OutboxEntry entry, CustomerConfig customer, Incident incident,
                                  Notification notification, boolean budgeted) {
        return new Dispatch(List.of(entry), customer, incident, notification, null, budgeted);
    }

    /** Several entries, sent as one digest. */
    public static Dispatch digest(List<OutboxEntry> entries, CustomerConfig customer, Incident incident,
                                  Notification digest) {
        return new Dispatch(entries, customer, incident, digest, null, false);
    }

    /** One entry that cannot go out on its channel. */
    public static Dispatch refused(OutboxEntry entry, CustomerConfig customer, Incident incident, String why) {
        return new Dispatch(List.of(entry), customer, incident, null, why, false);
    }

    public OutboxEntry first() {
        return entries.get(0);
    }

    public boolean isDigest() {
        return notification != null && notification.action() == NotificationAction.DIGEST;
    }
}
