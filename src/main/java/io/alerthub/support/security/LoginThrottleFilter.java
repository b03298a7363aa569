package io.alerthub.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of form login and HTTP Basic: a login attempt for a user name or from an address that has failed too
 * often recently ({@link LoginAttempts}) is answered 429 with {@code Retry-After}, and its password is never checked,
 * so guessing gains nothing and costs the hub no hashing.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {
    private final LoginAttempts attempts;
    private final String loginPage;

    LoginThrottleFilter(LoginAttempts attempts, String loginPage) {
        this.attempts = attempts;
        this.loginPage = loginPage;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = attemptedUser(request);
        if (username != null && attempts.blocked(username, request.getRemoteAddr())) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(attempts.retryAfter().toSeconds()));
            SecurityProblemResponses.tooManyLogins(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The user name a request tries to log in as, or null when it carries no credentials. */
    private String attemptedUser(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null; // not Base64: Basic authentication refuses it without checking a password
            }
        }
        if (HttpMethod.POST.matches(request.getMethod()) && loginPage.equals(request.getServletPath())) {
            String username = request.getParameter("username");
            return username == null ? "" : username;
        }
        return null;
    }
}
