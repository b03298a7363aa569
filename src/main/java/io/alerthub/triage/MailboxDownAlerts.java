package io.alerthub.triage;

import io.alerthub.ingest.mail.MailboxStatusChanged;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.RawPayload;
import io.alerthub.model.Severity;
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
 * Turns a mailbox outage into the hub's own alert for that customer (source kind {@code internal}, class
 * {@code mailbox_down}): firing once the mailbox has been unreachable for {@code alerthub.mail.down-alert-after},
 * resolved when it answers again; both fold into one incident, and each is stored once per outage.
 */
@Component
public class MailboxDownAlerts {
    static final String CLASS = "mailbox_down";
    private static final Logger LOG = LoggerFactory.getLogger(MailboxDownAlerts.class);
    private final Intake intake;
    private final AlertFinisher finisher;
    private final Clock clock;

    public MailboxDownAlerts(Intake intake, AlertFinisher finisher, Clock clock) {
        this.intake = intake;
        this.finisher = finisher;
        this.clock = clock;
    }

    @EventListener
    public void on(MailboxStatusChanged event) {
        String text = event.up()
                ? "the alert mailbox of customer " + event.customerId() + " is reachable again (down since "
                        + event.downSince() + ")"
                : "the alert mailbox of customer " + event.customerId() + " has been unreachable since "
                        + event.downSince() + ": " + event.detail();
        RawPayload raw = new RawPayload(Ids.next(), event.customerId(), "internal", "internal", "text/plain",
                clock.instant(), text.getBytes(StandardCharsets.UTF_8));
        String eventId = (event.up() ? "mailbox-up:" : "mailbox-down:") + event.downSince().toEpochMilli();
        Alert draft = Alert.builder()
                .source(new AlertSource(null, "mailbox", "alert-hub", eventId))
                .status(event.up() ? AlertStatus.RESOLVED : AlertStatus.FIRING)
                .name("Alert mailbox unreachable")
                .severity(event.up() ? Severity.INFO : Severity.ERROR)
                .component("mailbox")
                .summary(text)
                .fingerprint("internal:mailbox:" + event.customerId())
                .startsAt(event.downSince())
                .build();
        Alert alert = finisher.finish(draft, raw).toBuilder().alertClass(CLASS).build();
        try {
            intake.store(new Delivery(raw, eventId, List.of(alert)));
        } catch (RuntimeException e) {
            LOG.error("customer {}: could not store the mailbox alert ({}): {}", event.customerId(), e.toString(), text);
        }
    }
}
