package io.alerthub.normalize.mail;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nagios and Icinga notification mails: the classic {@code notify-host/service-by-email} template (Nagios, Icinga 1,
 * early Icinga 2: {@code Notification Type:}, {@code Host:}, {@code State:}…) and the Icinga 2
 * {@code mail-host/service-notification.sh} template ({@code ***** Host Monitoring on …}, {@code <host> is DOWN!}).
 * Status comes from the body's notification type and state; the subject is read only when the body says neither.
 */
public final class NagiosMailParser implements MailParser {
    private static final Pattern ICINGA2_BANNER = Pattern.compile("\\*{3,}\\s*(Host|Service) Monitoring on ",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ICINGA2_STATE = Pattern.compile("^(.+?) is ([A-Z]+)!\\s*$", Pattern.MULTILINE);
    private static final Pattern SUBJECT_TYPE = Pattern.compile("\\b(PROBLEM|RECOVERY|ACKNOWLEDGEMENT|FLAPPINGSTART"
            + "|FLAPPINGSTOP|DOWNTIMESTART|DOWNTIMEEND|CUSTOM)\\b");
    private final String format;

    /** @param format {@code nagios} or {@code icinga}: which banner this instance accepts */
    public NagiosMailParser(String format) {
        this.format = format;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Optional<Alert> parse(MailText mail) {
        String body = mail.body();
        boolean icinga2 = ICINGA2_BANNER.matcher(body).find();
        boolean banner = body.contains("***** " + (format.equals("nagios") ? "Nagios" : "Icinga"))
                || format.equals("icinga") && icinga2;
        Map<String, String> f = mail.fields();
        if (!banner || !f.containsKey("host")) {
            return Optional.empty();
        }
        String host = MailStates.withoutDisplayName(f.get("host"));
        String service = MailStates.withoutDisplayName(blankToNull(f.get("service")));
        String type = upper(f.get("notification type"));
        String state = firstWord(f.get("state"));
        if (state == null && icinga2) {
            Matcher m = ICINGA2_STATE.matcher(body);
            state = m.find() ? m.group(2) : null;
        }
        if (state == null) {
            // no State: field: a "… is OK" line still says it (the subject may still say PROBLEM)
            state = MailStates.stateIn(body);
        }
        if (type == null) {
            Matcher m = SUBJECT_TYPE.matcher(mail.subject().toUpperCase(Locale.ROOT));
            type = m.find() ? m.group(1) : null;
        }
        if (host == null || host.isBlank() || state == null && type == null) {
            return Optional.empty();
        }
        AlertStatus status = resolved(state, type) ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        String info = info(mail, f);
        String subjectType = subjectType(mail.subject());
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format, null, null))
                .status(status)
                .name(service != null ? service : "Host status")
                .host(host)
                .address(blankToNull(f.getOrDefault("address", f.get("ipv4"))))
                .service(service)
                .severity(severity(state, status))
                .rawSeverity(state)
                .summary(host + (service == null ? "" : " " + service) + " is " + (state == null ? type : state)
                        + (info == null ? "" : ": " + info))
                .description(info)
                .label("notification_type", type)
                .label("state", state);
        if (subjectType != null && type != null && !subjectType.equals(type)) {
            // the subject disagrees with the body (Icinga keeps "PROBLEM" on some recoveries): the body won
            b.label("subject_disagrees", subjectType);
        }
        return Optional.of(b.build());
    }

    private static String subjectType(String subject) {
        Matcher m = SUBJECT_TYPE.matcher(subject.toUpperCase(Locale.ROOT));
        return m.find() ? m.group(1) : null;
    }

    private static boolean resolved(String state, String type) {
        if (type != null && (type.equals("RECOVERY") || type.equals("FLAPPINGSTOP") && isOk(state))) {
            return true;
        }
        return isOk(state);
    }

    private static boolean isOk(String state) {
        return "OK".equals(state) || "UP".equals(state);
    }

    static Severity severity(String state, AlertStatus status) {
        Severity word = MailStates.severity(state);
        if (word != null) {
            return word;
        }
        return status == AlertStatus.RESOLVED ? Severity.INFO : Severity.WARNING;
    }

    /** {@code Info:} / {@code Additional Info:}, or the first text line after an empty {@code Info:}. */
    private static String info(MailText mail, Map<String, String> f) {
        String info = blankToNull(f.getOrDefault("additional info", f.get("info")));
        if (info != null) {
            return info;
        }
        String[] lines = mail.lines();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().matches("(?i)(additional )?info\\s*:\\s*")) {
                for (int j = i + 1; j < lines.length; j++) {
                    String next = lines[j].strip();
                    if (!next.isEmpty()) {
                        return next.matches("[A-Za-z /]{1,30}:.*") ? null : next;
                    }
                }
            }
        }
        return null;
    }

    private static String firstWord(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
    }

    private static String upper(String value) {
        return value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
