package io.alerthub.config;

/** Customers for tests that need only an id, a name and a language: every other section at its default. */
public final class Customers {
    private Customers() {
    }

    /** A customer with {@code id}, {@code name} and {@code locale} (null: English), nothing else configured. */
    public static CustomerConfig minimal(String id, String name, CustomerLocale locale) {
        return new CustomerConfig(id, name, locale, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }
}
