package io.alerthub.normalize.mail;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mackerel alert mails, English and Japanese: recognised by the mackerel.io sender, a {@code [Mackerel]} subject or an
 * alert link; status from the body's status line ({@code Status:} / {@code ステータス:}), the subject's
 * CRITICAL/WARNING/OK only when the body has none. The alert id in the link folds an OK into its alert. No captured
 * sample exists in the corpus: the layout accepted is the one in docs/sources/mail.md.
 */
public final class MackerelMailParser implements MailParser {
    private static final Pattern ALERT_URL = Pattern.compile("https://mackerel\\.io/orgs/[^/\\s]+/alerts/([\\w-]+)");
    private static final Pattern STATUS_WORD = Pattern.compile("\\b(CRITICAL|WARNING|OK|UNKNOWN)\\b");
    private static final List<String> STATUS = List.of("status", "ステータス", "状態", "アラートステータス");
    private static final List<String> HOST = List.of("host", "ホスト", "ホスト名");
    private static final List<String> MONITOR = List.of("monitor", "monitor name", "監視", "監視ルール", "監視名",
            "モニター");
    private static final List<String> MESSAGE = List.of("message", "メッセージ", "内容");

    @Override
    public String format() {
        return "mackerel";
    }

    @Override
    public Optional<Alert> parse(MailText mail) {
        boolean mackerel = mail.from().toLowerCase(Locale.ROOT).contains("mackerel.io")
                || mail.subject().contains("[Mackerel]") || ALERT_URL.matcher(mail.body()).find();
        if (!mackerel) {
            return Optional.empty();
        }
        Map<String, String> f = mail.fields();
        String status = first(f, STATUS);
        Matcher word = STATUS_WORD.matcher(status == null ? "" : status.toUpperCase(Locale.ROOT));
        String state = word.find() ? word.group(1) : null;
        if (state == null) {
            Matcher s = STATUS_WORD.matcher(mail.subject());
            state = s.find() ? s.group(1) : null;
        }
        String monitor = first(f, MONITOR);
        String host = first(f, HOST);
        if (state == null || monitor == null && host == null) {
            return Optional.empty();
        }
        String message = first(f, MESSAGE);
        Matcher url = ALERT_URL.matcher(mail.body());
        String alertId = url.find() ? url.group(1) : null;
        AlertStatus alertStatus = state.equals("OK") ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), null, alertId))
                .status(alertStatus)
                .name(monitor != null ? monitor : "Mackerel alert")
                .host(host)
                .service(first(f, List.of("service", "サービス")))
                .severity(switch (state) {
                    case "CRITICAL" -> Severity.CRITICAL;
                    case "OK" -> Severity.INFO;
                    default -> Severity.WARNING;
                })
                .rawSeverity(state)
                .summary(message != null ? message : (monitor != null ? monitor : "Mackerel alert")
                        + (host == null ? "" : " on " + host) + " is " + state)
                .label("mackerel_alert_id", alertId);
        if (alertId != null) {
            b.fingerprint("mackerel:" + alertId);
            b.link(url.group(), "Mackerel");
        }
        return Optional.of(b.build());
    }

    private static String first(Map<String, String> fields, List<String> keys) {
        for (String key : keys) {
            String value = fields.get(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
