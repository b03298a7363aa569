package io.alerthub.triage;

import io.alerthub.ingest.mail.MailboxStatusChanged;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns a mailbox outage into the hub's own alert for that customer (source kind {@code internal}, class
 * {@code mailbox_down}): firing once the mailbox has been unreachable for {@code alerthub.mail.down-alert-after},
 * resolved when it answers again; both fold into one incident, and each is stored once per outage.
 */
@Component
public class MailboxDownAlerts {
    static final String CLASS = "mailbox_down";
    private final InternalAlerts internalAlerts;

    public MailboxDownAlerts(InternalAlerts internalAlerts) {
        this.internalAlerts = internalAlerts;
    }

    @EventListener
    public void on(MailboxStatusChanged event) {
        String text = event.up()
                ? "the alert mailbox of customer " + event.customerId() + " is reachable again (down since "
                        + event.downSince() + ")"
                : "the alert mailbox of customer " + event.customerId() + " has been unreachable since "
                        + event.downSince() + ": " + event.detail();
        String eventId = (event.up() ? "mailbox-up:" : "mailbox-down:") + event.downSince().toEpochMilli();
        internalAlerts.store(new InternalAlert(event.customerId(), "mailbox", "Alert mailbox unreachable", CLASS,
                event.up() ? Severity.INFO : Severity.ERROR, text, "internal:mailbox:" + event.customerId(), eventId,
                event.up() ? AlertStatus.RESOLVED : AlertStatus.FIRING, event.downSince()));
    }
}
