package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The language a customer reads: picks the wording of customer-facing notifications and reports. */
public enum CustomerLocale {
    @JsonProperty("ja") JA(Locale.JAPANESE),
    @JsonProperty("en") EN(Locale.ENGLISH);

    private final Locale locale;

    CustomerLocale(Locale locale) {
        this.locale = locale;
    }

    public Locale toLocale() {
        return locale;
    }
}
