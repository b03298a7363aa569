package io.alerthub.normalize.mail;

import io.alerthub.config.MailRule;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's own mail format ({@code mail.rules[]} in customer.yaml): sender and subject patterns select the mail,
 * field patterns cut the alert's name, host, service, severity, status, summary and fingerprint out of subject and
 * body. Its alerts carry source format {@code rule:<name>}.
 */
public final class RuleMailParser implements MailParser {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.MULTILINE;
    private final MailRule rule;
    private final Pattern from;
    private final Pattern subject;
    private final Pattern resolved;
    private final Map<String, Pattern> fields = new HashMap<>();

    /** The rule's patterns were checked when customer.yaml was loaded. */
    public RuleMailParser(MailRule rule) {
        this.rule = rule;
        this.from = compile(rule.from());
        this.subject = compile(rule.subject());
        this.resolved = compile(rule.resolved());
        rule.fields().forEach((field, regex) -> fields.put(field, Pattern.compile(regex, FLAGS)));
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isBlank() ? null : Pattern.compile(regex, FLAGS);
    }

    @Override
    public String format() {
        return "rule:" + rule.name();
    }

    @Override
    public Optional<Alert> parse(MailText mail) {
        if (from == null && subject == null) {
            return Optional.empty();   // a rule that would match every mail is no rule
        }
        if (from != null && !from.matcher(mail.from()).find() || subject != null && !subject.matcher(mail.subject()).find()) {
            return Optional.empty();
        }
        String text = mail.subjectAndBody();
        String name = extract("name", text);
        String statusText = extract("status", text);
        boolean isResolved = resolved != null ? resolved.matcher(statusText != null ? statusText : text).find()
                // no resolved pattern: a check-state word (the status field, else the body's state line) decides
                : MailStates.status(MailStates.isStateWord(statusText) ? statusText : MailStates.stateIn(mail.body()))
                        == AlertStatus.RESOLVED;
        String rawSeverity = extract("severity", text);
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), null, null))
                .status(isResolved ? AlertStatus.RESOLVED : AlertStatus.FIRING)
                .name(name != null ? name : mail.subject().isBlank() ? rule.name() : mail.subject())
                .host(extract("host", text))
                .service(extract("service", text))
                .severity(rawSeverity != null ? severity(rawSeverity) : rule.severity())
                .rawSeverity(rawSeverity)
                .summary(extract("summary", text))
                .fingerprint(extract("fingerprint", text))
                .label("mail_rule", rule.name());
        return Optional.of(b.build());
    }

    private String extract(String field, String text) {
        Pattern p = fields.get(field);
        if (p == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return null;
        }
        String value = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        return value.isBlank() ? null : value.strip();
    }

    /** Words of many tools: critical/disaster/fatal/致命, error/high/major/重大, warning/minor/警告, info/ok/情報. */
    static Severity severity(String raw) {
        Severity state = MailStates.severity(raw.strip());
        if (state != null) {
            return state;
        }
        String s = raw.toLowerCase(Locale.ROOT);
        if (s.matches(".*(crit|disaster|fatal|emerg|致命|緊急).*")) {
            return Severity.CRITICAL;
        }
        if (s.matches(".*(err|high|major|重大|重度|異常).*")) {
            return Severity.ERROR;
        }
        if (s.matches(".*(warn|minor|average|警告|注意|軽度).*")) {
            return Severity.WARNING;
        }
        if (s.matches(".*(info|ok|notice|情報|正常).*")) {
            return Severity.INFO;
        }
        return null;
    }
}
