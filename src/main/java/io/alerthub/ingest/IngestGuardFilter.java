package io.alerthub.ingest;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.ingest.CustomerAuthenticator.Presented;
import io.alerthub.store.RejectedStore;
import io.alerthub.support.ProblemException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ingest stage guard in front of every machine-facing POST (webhook ingest, SNS, PagerDuty webhooks): decides as much
 * as it can before reading a byte of the body. A source that used up its refusals gets 429 ({@link RefusalLimiter});
 * an unknown customer, or a request without any credential of the customer, gets the same bare 401 as bad
 * credentials (SNS excepted: its credential is the signed body, and an unknown customer must be answered like a known
 * one); form-encoded and multipart bodies get 415 (the servlet layer would otherwise parse them as parameters); a body
 * over the size limit gets 413 as soon as the limit is passed, however it is sent (a declared length, or chunks).
 * The request handed on carries a body already bounded in memory.
 */
public class IngestGuardFilter extends OncePerRequestFilter {
    private static final Pattern PATH =
            Pattern.compile("^/api/v1/customers/([^/]+)/(?:alerts/([^/]+)|(sns)|(pagerduty))/?$");
    /** PagerDuty's signature header (notify.PagerDutyWebhookVerifier checks it; ingest does not import notify). */
    private static final String PAGERDUTY_SIGNATURE = "X-PagerDuty-Signature";
    /** The route behind each channel's endpoint; PagerDuty webhooks are a Spring MVC endpoint (no route). */
    private static final Map<String, String> ROUTES = Map.of("webhook", "ingest.webhook", "sns", "ingest.sns");
    private static final int NOT_SERVING_RETRY_SECONDS = 5;
    private final IngestProperties properties;
    private final IngestProblems problems;
    private final CustomerRegistry customers;
    private final CustomerAuthenticator authenticator;
    private final RefusalLimiter limiter;
    private final IngestReadiness readiness;

    public IngestGuardFilter(IngestProperties properties, IngestProblems problems, CustomerRegistry customers,
                             CustomerAuthenticator authenticator, RefusalLimiter limiter, IngestReadiness readiness) {
        this.properties = properties;
        this.problems = problems;
        this.customers = customers;
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.readiness = readiness;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.matcher(path(request)).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = PATH.matcher(path(request));
        m.matches();
        String customerId = m.group(1);
        String channel = m.group(3) != null ? "sns" : m.group(4) != null ? "pagerduty" : "webhook";
        String format = m.group(2) != null ? m.group(2) : channel;
        if (!readiness.serving(ROUTES.get(channel))) {
            // starting, stopping, or the route was stopped: a 404 here would tell the sender to give up
            response.setHeader("Retry-After", Integer.toString(NOT_SERVING_RETRY_SECONDS));
            answer(response, 503, problems.toJson(new ProblemException(503, "not_serving", "Service unavailable",
                    "the hub is not taking " + channel + " deliveries right now (starting, stopping or paused);"
                            + " retry later")));
            return;
        }
        String source = RefusalLimiter.sourceOf(request.getRemoteAddr());
        request.setAttribute(IngestProblems.SOURCE, source);
        Optional<CustomerConfig> customer = customers.find(customerId);
        Presented presented = presented(channel, customerId, customer, request);
        if (presented != Presented.AUTHENTICATED) {
            Optional<Duration> wait = limiter.retryAfter(source);
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                response.setHeader("Retry-After", Long.toString(seconds));
                answer(response, 429, problems.rateLimited(channel, seconds));
                return;
            }
        }
        IngestProblems.Sender sender = new IngestProblems.Sender(customer.isPresent(),
                presented == Presented.AUTHENTICATED, source);
        if (presented == Presented.NONE) {
            refuse(request, response, IngestProblems.unauthorized(), customerId, channel, format, null, sender);
            return;
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            // an excerpt is read only when it will be kept
            byte[] excerpt = sender.authenticated() ? readAtMost(request.getInputStream(), RejectedStore.EXCERPT_BYTES)
                    : null;
            refuse(request, response, new ProblemException(415, "unsupported_media_type", "Unsupported media type",
                    "content type \"" + request.getContentType() + "\" is not accepted; send the payload as"
                            + " application/json (curl: --data-binary with -H 'Content-Type: application/json')"),
                    customerId, channel, format, excerpt, sender);
            return;
        }
        long limit = customer.map(c -> c.ingest().maxBodyBytesOverride()).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).orElse(properties.maxBodyBytes());
        long declared = request.getContentLengthLong();
        byte[] body = declared > limit
                ? (sender.authenticated() ? readAtMost(request.getInputStream(), RejectedStore.EXCERPT_BYTES) : null)
                : readAtMost(request.getInputStream(), limit + 1);
        if (declared > limit || body.length > limit) {
            refuse(request, response, new ProblemException(413, "payload_too_large", "Payload too large",
                    "the body has " + (declared > 0 ? declared : "more than " + limit) + " bytes; the limit is " + limit),
                    customerId, channel, format, body, sender);
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /**
     * The path as the container maps it: decoded, normalised, without {@code ;parameters} (the raw URI would let
     * {@code /pagerduty;x} or {@code /pagerdut%79} reach the endpoint past the guard).
     */
    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** What the headers show before the body is read; SNS always needs its (signed) body. */
    private Presented presented(String channel, String customerId, Optional<CustomerConfig> customer,
                                HttpServletRequest request) {
        return switch (channel) {
            case "sns" -> Presented.BODY_NEEDED;
            case "pagerduty" -> customer.flatMap(CustomerConfig::notificationSettings)
                    .flatMap(NotificationsConfig::pagerDutySettings).filter(p -> !p.webhookSecrets().isEmpty())
                    .isPresent() && request.getHeader(PAGERDUTY_SIGNATURE) != null
                    ? Presented.BODY_NEEDED : Presented.NONE;
            default -> authenticator.presented(customerId, request::getHeader);
        };
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemException problem,
                        String customerId, String channel, String format, byte[] body, IngestProblems.Sender sender)
            throws IOException {
        long size = Math.max(request.getContentLengthLong(), body == null ? 0 : body.length);
        answer(response, problem.status(), problems.reject(problem, customerId, channel, format, body, size, sender));
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType(IngestProblems.PROBLEM_JSON);
        // the rest of the body is not read: the connection cannot carry another request
        response.setHeader("Connection", "close");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long left = max;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            out.write(buf, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    /** The request with its body already read into memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        /** JSON without a declared charset is UTF-8 (RFC 8259), not the servlet default ISO-8859-1. */
        @Override
        public String getCharacterEncoding() {
            String declared = super.getCharacterEncoding();
            return declared == null ? StandardCharsets.UTF_8.name() : declared;
        }

        @Override
        public BufferedReader getReader() throws UnsupportedEncodingException {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), getCharacterEncoding()));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
