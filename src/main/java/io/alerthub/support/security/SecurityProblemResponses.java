package io.alerthub.support.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers refused requests of the operator API, Hawtio and Jolokia as RFC 9457 problem details, without saying
 * which part of a credential was wrong.
 */
final class SecurityProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "Alert Hub";

    /**
     * 401. The Basic challenge goes only to non-browser clients: a browser that sees it pops up its own login
     * dialog and then sends cached credentials with every request, including forged cross-site ones.
     */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (!BrowserRequests.isScriptedBrowserRequest(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        }
        write(response, HttpStatus.UNAUTHORIZED, "authentication required");
    }

    /**
     * 403: authenticated but without the role, or a write without a valid CSRF token. A caller that brought no
     * credentials at all is told to log in (401) rather than about the token, which would not help it.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof CsrfException && !isLoggedIn() && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            commence(request, response, new InsufficientAuthenticationException("not logged in", e));
            return;
        }
        String detail = e instanceof CsrfException
                ? "missing or invalid csrf token (send the XSRF-TOKEN cookie value in the X-XSRF-TOKEN header)"
                : "your role does not allow this request";
        write(response, HttpStatus.FORBIDDEN, detail);
    }

    /** 429 for a login attempt refused by the throttle; the caller learns nothing about the password. */
    static void tooManyLogins(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.TOO_MANY_REQUESTS, "too many failed logins; try again later");
    }

    private static boolean isLoggedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    private static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // Fixed texts only, so no escaping is needed.
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}");
    }
}
