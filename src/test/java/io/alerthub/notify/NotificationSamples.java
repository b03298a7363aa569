package io.alerthub.notify;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** Notifications as the outbox hands them to channels: one escalated disk alert of customer acme, in ja or en. */
public final class NotificationSamples {
    public static final Instant FIRST_SEEN = Instant.parse("2026-11-25T03:04:05Z");

    private NotificationSamples() {
    }

    public static NotificationContent content(String locale) {
        return new NotificationContent("acme", "ACME Industries (アクメ工業)", locale, "inc-42", "web-1",
                "DiskUsageHigh", "disk_usage", "critical", "ESCALATED", "ESCALATED",
                "Disk / is 93% full", List.of("check df -P '/' -> exit 0, 93% used (42 ms)",
                        "gather du -xsh /var/log/* -> exit 0 (120 ms)"),
                "/var/log/app 41G\n/var/log/nginx 2G", "https://hub.example/incidents/inc-42", FIRST_SEEN, null);
    }

    public static Notification notification(NotificationAction action, String locale, String threadRef) {
        return new Notification("inc-42:slack:" + action.name().toLowerCase() + ":1", "acme", "inc-42",
                ChannelKind.SLACK, action, content(locale), threadRef);
    }

    public static Notification with(Notification n, NotificationContent content) {
        return new Notification(n.id(), n.customerId(), n.incidentId(), n.channel(), n.action(), content,
                n.threadRef());
    }

    public static NotificationContent withDiagnostics(NotificationContent c, String diagnostics) {
        return new NotificationContent(c.customerId(), c.customerName(), c.locale(), c.incidentId(), c.host(),
                c.alertName(), c.alertClass(), c.severity(), c.state(), c.outcome(), c.summary(), c.steps(),
                diagnostics, c.incidentUrl(), c.firstSeen(), c.digestItems());
    }

    public static NotificationContent withSummary(NotificationContent c, String summary, String severity) {
        return new NotificationContent(c.customerId(), c.customerName(), c.locale(), c.incidentId(), c.host(),
                c.alertName(), c.alertClass(), severity, c.state(), c.outcome(), summary, c.steps(),
                c.diagnostics(), c.incidentUrl(), c.firstSeen(), c.digestItems());
    }

    /** What a phishing mail's subject tried: ping the whole channel and plant a sign-in link under the hub's name. */
    public static final String HOSTILE = "<!channel> Mailbox verification required <https://evil.example/sso|Sign in>";

    /**
     * The sample alert with {@link #HOSTILE} as its name and summary, in its steps and diagnostics, a host name that
     * tries to start a new line (CR/LF and a forged header), and a right-to-left override that would reverse text.
     */
    public static NotificationContent hostile(String locale) {
        NotificationContent c = content(locale);
        return new NotificationContent(c.customerId(), c.customerName(), locale, c.incidentId(),
                "web-1\r\nBcc: victim@evil.example", HOSTILE, c.alertClass(), c.severity(), c.state(), c.outcome(),
                HOSTILE + " \u202Egnp.exe", List.of("check " + HOSTILE + " -> exit 0 (1 ms)"),
                "```\n<!here> " + HOSTILE + "\u0007", c.incidentUrl(), c.firstSeen(), null);
    }

    /** A digest of {@code count} held notifications. */
    public static Notification digest(String locale, int count) {
        List<NotificationContent> items = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            NotificationContent c = content(locale);
            items.add(new NotificationContent(c.customerId(), c.customerName(), locale, "inc-" + i, "web-" + i,
                    c.alertName(), c.alertClass(), i % 2 == 0 ? "warning" : "critical", c.state(), "HANDED_OVER",
                    c.summary(), c.steps(), null, "https://hub.example/incidents/inc-" + i, FIRST_SEEN, null));
        }
        NotificationContent c = content(locale);
        NotificationContent digest = new NotificationContent(c.customerId(), c.customerName(), locale, null, null,
                null, null, null, null, null, null, List.of(), null, null, null, items);
        return new Notification("acme:digest:1", "acme", null, ChannelKind.SLACK, NotificationAction.DIGEST, digest,
                null);
    }

    /** A started Camel context without Spring: channels need only its http and smtp components. */
    public static CamelContext camel() {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        return camel;
    }
}
