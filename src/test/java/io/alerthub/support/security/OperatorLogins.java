package io.alerthub.support.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What the security ITs send as a logged-in operator: HTTP Basic credentials and the CSRF token from its cookie. */
final class OperatorLogins {
    private OperatorLogins() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The latest {@code XSRF-TOKEN} cookie value, to send back in the {@code X-XSRF-TOKEN} header. */
    static String xsrf(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }
}
