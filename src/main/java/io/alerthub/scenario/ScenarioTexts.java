package io.alerthub.scenario;

import io.alerthub.config.CustomerConfig;
import io.alerthub.support.LocalizedTexts;
import java.util.Locale;

/**
 * The wording of what a scenario tells people (the "checked / found / left for you" lines and the verdict's reason)
 * in the customer's locale, from {@code scenario/messages_<locale>.properties}; values taken from hosts stay as sent.
 */
public final class ScenarioTexts {
    private static final LocalizedTexts TEXTS = new LocalizedTexts("scenario.messages");

    private ScenarioTexts() {
    }

    /** The locale a customer reads ({@code en} for an unknown customer). */
    public static String locale(CustomerConfig customer) {
        return customer == null || customer.locale() == null ? LocalizedTexts.EN
                : customer.locale().name().toLowerCase(Locale.ROOT);
    }

    /** The text {@code key} for {@code customer}, filled from name/value pairs. */
    public static String text(CustomerConfig customer, String key, Object... namesAndValues) {
        return TEXTS.text(locale(customer), key, namesAndValues);
    }

    /** The text {@code key} in {@code locale}, filled from name/value pairs. */
    public static String text(String locale, String key, Object... namesAndValues) {
        return TEXTS.text(locale, key, namesAndValues);
    }
}
