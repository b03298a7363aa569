package io.alerthub.support;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host-name globs as operators write them in YAML ({@code web-*}, {@code db-?}): whole-name match, ignoring case. */
public final class Globs {
    private Globs() {
    }

    /** True when {@code value} matches {@code glob} ({@code *} any run, {@code ?} one character). */
    public static boolean matches(String glob, String value) {
        if (value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches();
    }
}
