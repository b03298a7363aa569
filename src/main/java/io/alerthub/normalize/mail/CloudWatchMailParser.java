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
 * CloudWatch alarm mails (an SNS e-mail subscription): {@code You are receiving this email because your Amazon
 * CloudWatch Alarm "…" … has entered the ALARM state} and the {@code Alarm Details:} block. ALARM fires, OK resolves,
 * INSUFFICIENT_DATA fires as a warning; the alarm ARN folds an OK into its ALARM.
 */
public final class CloudWatchMailParser implements MailParser {
    private static final Pattern ENTERED = Pattern.compile(
            "Amazon CloudWatch Alarm \"([^\"]+)\".*?has entered\\s+the\\s+(\\w+)\\s+state", Pattern.DOTALL);
    private static final Pattern SUBJECT = Pattern.compile("^(ALARM|OK|INSUFFICIENT_DATA):\\s*\"([^\"]+)\"");
    private static final Pattern ARN = Pattern.compile("arn:aws[\\w-]*:cloudwatch:([\\w-]+):(\\d+):alarm:\\S+");
    private static final Pattern DIMENSION = Pattern.compile("([A-Za-z]+)\\s*=\\s*([^,\\]\\s]+)");
    private static final Pattern URL = Pattern.compile("https://\\S+console\\.aws\\.amazon\\.com/\\S+");

    @Override
    public String format() {
        return "cloudwatch";
    }

    @Override
    public Optional<Alert> parse(MailText mail) {
        String body = mail.body();
        Matcher entered = ENTERED.matcher(body);
        Map<String, String> f = mail.fields();
        boolean details = body.contains("Alarm Details:") && f.containsKey("name");
        Matcher subject = SUBJECT.matcher(mail.subject());
        boolean found = entered.find();
        if (!found && !details) {
            return Optional.empty();
        }
        String name = NagiosMailParser.blankToNull(f.get("name"));
        String state = null;
        String change = f.get("state change");
        if (change != null && change.contains("->")) {
            state = change.substring(change.lastIndexOf("->") + 2).strip();
        }
        if (state == null && found) {
            state = entered.group(2);
        }
        if (name == null && found) {
            name = entered.group(1);
        }
        if (state == null && subject.find()) {
            state = subject.group(1);
        }
        if (name == null || state == null) {
            return Optional.empty();
        }
        state = state.toUpperCase(Locale.ROOT);
        String reason = reason(mail);
        Matcher arn = ARN.matcher(body);
        String arnText = arn.find() ? arn.group() : null;
        String region = arnText == null ? null : arn.group(1);
        String account = arnText == null ? NagiosMailParser.blankToNull(f.get("aws account")) : arn.group(2);
        String host = dimensionValue(f.get("dimensions"));
        if (host == null && account != null) {
            // no dimension names a resource: the alarm is about the account (and region) as a whole
            host = "aws:" + account + (region == null ? "" : ":" + region);
        }
        AlertStatus status = state.equals("OK") ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), region, null))
                .status(status)
                .name(name)
                .host(host)
                .severity(switch (state) {
                    case "ALARM" -> Severity.ERROR;
                    case "OK" -> Severity.INFO;
                    default -> Severity.WARNING;
                })
                .rawSeverity(state)
                .summary(name + " is " + state + (reason == null ? "" : ": " + reason))
                .description(reason)
                .label("aws_account", account)
                .label("aws_region", region)
                .label("metric_namespace", NagiosMailParser.blankToNull(f.get("metricnamespace")))
                .label("metric_name", NagiosMailParser.blankToNull(f.get("metricname")));
        if (arnText != null) {
            b.fingerprint(arnText);
        }
        Matcher url = URL.matcher(body);
        if (url.find()) {
            b.link(url.group(), "CloudWatch console");
        }
        return Optional.of(b.build());
    }

    /** {@code Reason for State Change:} with its indented continuation lines joined. */
    private static String reason(MailText mail) {
        String[] lines = mail.lines();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("- Reason for State Change:")) {
                StringBuilder reason = new StringBuilder(l.substring("- Reason for State Change:".length()).strip());
                for (int j = i + 1; j < lines.length && lines[j].startsWith("  ") && !lines[j].strip().startsWith("-");
                        j++) {
                    reason.append(' ').append(lines[j].strip());
                }
                return reason.isEmpty() ? null : reason.toString();
            }
        }
        return null;
    }

    /** The first {@code Name = value} of the Dimensions line ({@code [InstanceId = i-0abc]}), or null. */
    private static String dimensionValue(String dimensions) {
        if (dimensions == null || dimensions.isBlank()) {
            return null;
        }
        Matcher m = DIMENSION.matcher(dimensions);
        return m.find() ? m.group(2) : null;
    }
}
