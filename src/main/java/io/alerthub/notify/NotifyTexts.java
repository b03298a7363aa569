package io.alerthub.notify;

import io.alerthub.model.NotificationAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wording of customer-facing notifications in Japanese and English: short texts from the
 * {@code notify/messages_<locale>.properties} bundles and longer templates from {@code notify/<name>_<locale>.txt},
 * both with {@code {{name}}} placeholders (not MessageFormat, whose quoting rules break on apostrophes).
 */
public final class NotifyTexts {
    /** The locales the hub writes in; anything else falls back to English. */
    public static final String JA = "ja";
    public static final String EN = "en";
    // the content carries no time zone: UTC, said explicitly, is never misread
    private static final java.time.format.DateTimeFormatter FIRST_SEEN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);
    private final Map<String, String> templates = new ConcurrentHashMap<>();

    /** The supported locale for {@code locale} ({@code ja} or {@code en}). */
    public static String supported(String locale) {
        return locale != null && locale.toLowerCase(Locale.ROOT).startsWith(JA) ? JA : EN;
    }

    /** The text for {@code key} in {@code locale}, its placeholders filled from {@code values}. */
    public String text(String locale, String key, Map<String, String> values) {
        return fill(bundle(locale).getString(key), values);
    }

    public String text(String locale, String key) {
        return text(locale, key, Map.of());
    }

    /** The text for {@code key}, or {@code fallback} when the bundle has none (for open value sets like outcomes). */
    public String textOr(String locale, String key, String fallback) {
        try {
            return bundle(locale).getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    /** The template {@code notify/<name>_<locale>.txt} with its placeholders filled. */
    public String template(String locale, String name, Map<String, String> values) {
        String resource = "notify/" + name + "_" + supported(locale) + ".txt";
        return fill(templates.computeIfAbsent(resource, NotifyTexts::read), values);
    }

    /**
     * The placeholders every text of one notification may use, localized: {@code action}, {@code customerName},
     * {@code incidentId}, {@code host}, {@code alertName}, {@code alertClass}, {@code severity}, {@code outcome},
     * {@code state}, {@code summary}, {@code incidentUrl}, {@code firstSeen}; a missing value reads "(unknown)".
     */
    public Map<String, String> placeholders(NotificationAction action, NotificationContent c) {
        String locale = c.locale();
        String unknown = text(locale, "unknown");
        Map<String, String> values = new java.util.HashMap<>();
        values.put("action", text(locale, "action." + action.name()));
        values.put("customerName", orElse(c.customerName() != null ? c.customerName() : c.customerId(), unknown));
        values.put("incidentId", orElse(c.incidentId(), unknown));
        values.put("host", orElse(c.host(), unknown));
        values.put("alertName", orElse(c.alertName(), unknown));
        values.put("alertClass", orElse(c.alertClass(), unknown));
        values.put("severity", c.severity() == null ? unknown
                : textOr(locale, "severity." + c.severity().toLowerCase(Locale.ROOT), c.severity()));
        values.put("outcome", c.outcome() == null ? unknown
                : textOr(locale, "outcome." + c.outcome().toUpperCase(Locale.ROOT), c.outcome()));
        values.put("state", orElse(c.state(), unknown));
        values.put("summary", orElse(c.summary(), ""));
        values.put("incidentUrl", orElse(c.incidentUrl(), unknown));
        values.put("firstSeen", c.firstSeen() == null ? unknown : FIRST_SEEN.format(c.firstSeen()));
        return values;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Replaces {@code {{name}}} by its value; an unknown name is left visible rather than silently dropped. */
    static String fill(String template, Map<String, String> values) {
        return io.alerthub.support.LocalizedTexts.fill(template, values);
    }

    private static ResourceBundle bundle(String locale) {
        // no fallback control: with the JVM's default locale Japanese an English lookup must not return Japanese
        return ResourceBundle.getBundle("notify.messages", Locale.forLanguageTag(supported(locale)),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static String read(String resource) {
        try (InputStream in = NotifyTexts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing notification template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notification template " + resource, e);
        }
    }
}
