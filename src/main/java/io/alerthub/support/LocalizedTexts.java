package io.alerthub.support;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customer-facing wording in English and Japanese from one properties bundle ({@code <bundle>_<locale>.properties},
 * read as UTF-8) with {@code {{name}}} placeholders (not MessageFormat, whose quoting rules break on apostrophes);
 * shared by every stage that writes for a customer.
 */
public final class LocalizedTexts {
    /** The locales the hub writes in; anything else falls back to English. */
    public static final String JA = "ja";
    public static final String EN = "en";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.]+)}}");
    private final String bundle;

    /** Texts from the bundle with base name {@code bundle} (e.g. {@code scenario.messages}). */
    public LocalizedTexts(String bundle) {
        this.bundle = bundle;
    }

    /** The supported locale for {@code locale} ({@code ja} or {@code en}). */
    public static String supported(String locale) {
        return locale != null && locale.toLowerCase(Locale.ROOT).startsWith(JA) ? JA : EN;
    }

    /** The text for {@code key} in {@code locale}, its placeholders filled from {@code values}. */
    public String text(String locale, String key, Map<String, ?> values) {
        return fill(bundle(locale).getString(key), values);
    }

    /**
     * The text for {@code key} in {@code locale}, its placeholders filled from name/value pairs
     * ({@code "path", "/var", "usage", 93}); a null value reads as an empty string.
     */
    public String text(String locale, String key, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("text " + key + ": names and values must come in pairs");
        }
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1]);
        }
        return text(locale, key, values);
    }

    /** Whether the bundle has {@code key} (for open value sets). */
    public boolean has(String locale, String key) {
        try {
            bundle(locale).getString(key);
            return true;
        } catch (MissingResourceException e) {
            return false;
        }
    }

    /** Replaces {@code {{name}}} by its value; an unknown name is left visible rather than silently dropped. */
    public static String fill(String template, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? String.valueOf(value) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private ResourceBundle bundle(String locale) {
        // no fallback control: with the JVM's default locale Japanese an English lookup must not return Japanese
        return ResourceBundle.getBundle(bundle, Locale.forLanguageTag(supported(locale)),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
