package io.alerthub.normalize.mail;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Zabbix mails from the default media-type message templates, English and Japanese: problem ({@code Problem started
 * at …} / {@code 障害発生…}) and recovery ({@code Problem has been resolved …} / {@code 障害復旧…}) of Zabbix 5.0 and
 * later, and the older {@code Trigger: / Trigger status:} template. The problem id folds a recovery into its problem.
 */
public final class ZabbixMailParser implements MailParser {
    private static final List<String> NAME = List.of("problem name", "障害名", "障害", "trigger", "トリガー",
            "トリガー名");
    private static final List<String> HOST = List.of("host", "ホスト", "ホスト名");
    private static final List<String> SEVERITY = List.of("severity", "深刻度", "重要度", "trigger severity",
            "トリガーの深刻度", "トリガーの重要度");
    private static final List<String> EVENT_ID = List.of("original problem id", "オリジナル障害id", "元の障害id",
            "オリジナルの障害id", "original event id", "オリジナルイベントid", "イベントid");
    private static final List<String> TRIGGER_STATUS = List.of("trigger status", "トリガーのステータス", "ステータス");
    private static final List<String> DURATION = List.of("problem duration", "障害期間", "障害継続時間");
    private static final Pattern RESOLVED_LINE = Pattern.compile(
            "^\\s*(Problem has been resolved|Resolved|障害復旧|復旧|解決)", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern PROBLEM_LINE = Pattern.compile("^\\s*(Problem started|障害発生|障害開始)",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern RESOLVED_SUBJECT = Pattern.compile("^(Resolved|OK\\b|復旧|解決)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public String format() {
        return "zabbix";
    }

    @Override
    public Optional<Alert> parse(MailText mail) {
        Map<String, String> f = mail.fields();
        String name = first(f, NAME);
        String host = first(f, HOST);
        boolean templateLine = PROBLEM_LINE.matcher(mail.body()).find() || RESOLVED_LINE.matcher(mail.body()).find();
        if (name == null || host == null || !(templateLine || first(f, EVENT_ID) != null
                || first(f, TRIGGER_STATUS) != null)) {
            return Optional.empty();
        }
        String rawSeverity = first(f, SEVERITY);
        String eventId = first(f, EVENT_ID);
        AlertStatus status = status(mail, f);
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), null, eventId))
                .status(status)
                .name(name)
                .host(host)
                .severity(severity(rawSeverity))
                .rawSeverity(rawSeverity)
                .summary(name + " on " + host)
                .label("zabbix_event_id", eventId)
                .label("operational_data", NagiosMailParser.blankToNull(first(f, List.of("operational data",
                        "運用データ"))))
                .label("duration", first(f, DURATION));
        if (eventId != null) {
            b.fingerprint("zabbix:" + eventId);
        }
        for (String line : mail.lines()) {
            String l = line.strip();
            if (l.startsWith("http://") || l.startsWith("https://")) {
                b.link(l, "Zabbix");
                break;
            }
        }
        return Optional.of(b.build());
    }

    /** Body first: the template's opening line, then trigger status, then a duration (only recoveries have one). */
    private static AlertStatus status(MailText mail, Map<String, String> f) {
        if (RESOLVED_LINE.matcher(mail.body()).find()) {
            return AlertStatus.RESOLVED;
        }
        if (PROBLEM_LINE.matcher(mail.body()).find()) {
            return AlertStatus.FIRING;
        }
        String triggerStatus = first(f, TRIGGER_STATUS);
        if (triggerStatus != null) {
            String s = triggerStatus.toUpperCase(Locale.ROOT);
            return s.equals("OK") || s.contains("RESOLVED") || s.contains("復旧") || s.contains("正常")
                    ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        }
        if (first(f, DURATION) != null) {
            return AlertStatus.RESOLVED;
        }
        return RESOLVED_SUBJECT.matcher(mail.subject()).find() ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    }

    static Severity severity(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "disaster", "致命的な障害", "致命的" -> Severity.CRITICAL;
            case "high", "重度の障害", "重度" -> Severity.ERROR;
            case "average", "軽度の障害", "軽度", "warning", "警告" -> Severity.WARNING;
            case "information", "情報" -> Severity.INFO;
            default -> null;
        };
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
