package io.alerthub.normalize.mail;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check-state words monitoring mails use (Nagios, Icinga, and tools copying them), read the same way by every
 * mail parser: CRITICAL, DOWN and UNREACHABLE are critical, WARNING and UNKNOWN warning, OK and UP resolved. A mail's
 * state line ("State: OK", "… is OK!") decides over its subject, which some senders leave at PROBLEM on recoveries.
 */
public final class MailStates {
    /** "State: OK", "Service State: CRITICAL", "Host State: DOWN", at the start of a line. */
    private static final Pattern STATE_FIELD = Pattern.compile(
            "^\\s*(?:(?:Host|Service)\\s+)?State\\s*:\\s*([A-Za-z]+)\\b", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    /** "web-1 is DOWN!", "ping4 on web-1 is OK", "Service HTTP on web-1 is CRITICAL." at the end of a line. */
    private static final Pattern IS_STATE = Pattern.compile(
            "\\bis\\s+(OK|UP|DOWN|UNREACHABLE|CRITICAL|WARNING|UNKNOWN)\\s*[!.]?\\s*$", Pattern.MULTILINE);
    /** Icinga 2's default templates decorate names: {@code web-1 (Display Name: "Web server 1")}. */
    private static final Pattern DISPLAY_NAME = Pattern.compile("\\s*\\(Display Name:\\s*\"[^\"]*\"\\)\\s*$");

    private MailStates() {
    }

    /** The state word the body states, upper-case (field first, then an "is STATE" line); null when none. */
    public static String stateIn(String body) {
        if (body == null) {
            return null;
        }
        Matcher field = STATE_FIELD.matcher(body);
        while (field.find()) {
            String word = field.group(1).toUpperCase(Locale.ROOT);
            if (isStateWord(word)) {
                return word;
            }
        }
        Matcher is = IS_STATE.matcher(body);
        return is.find() ? is.group(1) : null;
    }

    /** Whether {@code word} is one of the check-state words. */
    public static boolean isStateWord(String word) {
        return word != null && switch (word.toUpperCase(Locale.ROOT)) {
            case "OK", "UP", "DOWN", "UNREACHABLE", "CRITICAL", "WARNING", "UNKNOWN" -> true;
            default -> false;
        };
    }

    /** OK and UP are resolved; every other state word is firing; null when {@code word} is no state word. */
    public static AlertStatus status(String word) {
        if (!isStateWord(word)) {
            return null;
        }
        String w = word.toUpperCase(Locale.ROOT);
        return w.equals("OK") || w.equals("UP") ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    }

    /** CRITICAL/DOWN/UNREACHABLE critical, WARNING/UNKNOWN warning, OK/UP info; null when no state word. */
    public static Severity severity(String word) {
        if (!isStateWord(word)) {
            return null;
        }
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "CRITICAL", "DOWN", "UNREACHABLE" -> Severity.CRITICAL;
            case "OK", "UP" -> Severity.INFO;
            default -> Severity.WARNING;
        };
    }

    /** {@code name} without Icinga 2's {@code (Display Name: "…")} decoration; null stays null. */
    public static String withoutDisplayName(String name) {
        return name == null ? null : DISPLAY_NAME.matcher(name).replaceFirst("").strip();
    }
}
