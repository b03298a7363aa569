package io.alerthub.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The console's language: the operator's choice (the {@code alerthub-lang} cookie, set by {@code ?lang=ja|en}),
 * otherwise the best match of the browser's {@code Accept-Language} among English and Japanese, otherwise English.
 */
public class ConsoleLocaleResolver implements LocaleResolver {
    /** The cookie holding the operator's choice. */
    public static final String COOKIE = "alerthub-lang";
    /** The console's languages; the first is the default. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.JAPANESE);
    private static final Duration KEEP = Duration.ofDays(365);

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        if (request.getAttribute(COOKIE) instanceof Locale justChosen) {
            return justChosen;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    Locale chosen = parse(cookie.getValue());
                    if (chosen != null) {
                        return chosen;
                    }
                }
            }
        }
        return fromAcceptLanguage(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Locale chosen = locale == null ? null : parse(locale.getLanguage());
        if (chosen == null || response == null) {
            return;
        }
        ResponseCookie cookie = ResponseCookie.from(COOKIE, chosen.getLanguage()).path("/").httpOnly(true)
                .sameSite("Lax").secure(request.isSecure()).maxAge(KEEP).build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        // this request already renders in the new language
        request.setAttribute(COOKIE, chosen);
    }

    /** {@code en} or {@code ja} (any region), else null. */
    static Locale parse(String value) {
        if (value == null) {
            return null;
        }
        String language = Locale.forLanguageTag(value.trim().replace('_', '-')).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
    }

    /** The best supported match of an {@code Accept-Language} header (weights honoured), English when none. */
    static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return SUPPORTED.get(0);
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            Locale best = Locale.lookup(ranges, SUPPORTED);
            return best == null ? SUPPORTED.get(0) : best;
        } catch (IllegalArgumentException e) {
            // a malformed header is the browser's problem, not a reason to fail the page
            return SUPPORTED.get(0);
        }
    }

    /** The console language for a resolved locale (an unsupported one reads English). */
    static Locale supported(Locale locale) {
        Locale match = locale == null ? null : parse(locale.getLanguage());
        return match == null ? SUPPORTED.get(0) : match;
    }

    /** The languages offered by the switch, for templates. */
    public static List<Locale> languages() {
        return Collections.unmodifiableList(SUPPORTED);
    }
}
