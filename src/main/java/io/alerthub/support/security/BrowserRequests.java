package io.alerthub.support.security;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * Tells browser traffic from machine traffic by the headers browsers add themselves ({@code Sec-Fetch-*},
 * {@code Accept}), which a page's script cannot forge.
 */
final class BrowserRequests {

    private BrowserRequests() {
    }

    /** A page navigation that should see the login form rather than a bare 401. */
    static boolean isPageNavigation(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode != null) {
            return "navigate".equalsIgnoreCase(mode);
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html")
                && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
    }

    /** A fetch/XHR made by a page's script (for example Hawtio calling Jolokia). */
    static boolean isScriptedBrowserRequest(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        return (mode != null && !"navigate".equalsIgnoreCase(mode))
                || "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
    }

    /**
     * A request carrying HTTP Basic credentials, and no session, that no other site can have caused: curl, scrapers
     * and scripts send no {@code Sec-Fetch-Site}; a browser sends it and says whether the request came from this
     * site. Such requests need no CSRF token. With a session the Basic header proves nothing (Spring does not check
     * it again when it names the session's user), so the session's CSRF rules apply.
     */
    static boolean isBasicFromSameSiteOrNonBrowser(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || request.getRequestedSessionId() != null) {
            return false;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        return site == null || "same-origin".equalsIgnoreCase(site);
    }
}
