package io.alerthub.notify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpEndpoint;

/**
 * The notify stage's HTTP client: one camel-http endpoint with the hub's timeouts, over which channels POST JSON to a
 * URL given per request (the {@code CamelHttpUri} header), so credentials that live in URLs (Slack incoming webhooks)
 * never become endpoint URIs that Camel lists in its registry, JMX and Hawtio.
 */
public final class OutboundHttp {
    private final ProducerTemplate template;
    private final Endpoint endpoint;

    /** What the receiver answered: status, body and the raw {@code Retry-After} header (null when absent). */
    public record Response(int status, String body, String retryAfter) {
    }

    /** The request never got an HTTP answer: connection refused or reset, timeout, DNS failure. */
    public static final class TransportException extends Exception {
        TransportException(Throwable cause) {
            super(describe(cause), cause, false, false);
        }

        private static String describe(Throwable cause) {
            String message = cause.getMessage();
            return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
    }

    /**
     * @param defaultUrl an http(s) URL naming the usual receiver (e.g. the Slack API base); every request names its
     *                   own URL, this one only fixes the endpoint
     */
    public OutboundHttp(ProducerTemplate template, String defaultUrl, Duration connectTimeout,
            Duration responseTimeout) {
        this.template = template;
        // errors come back as responses (throwExceptionOnFailure=false) so each channel classifies them itself;
        // no redirects: a 3xx from an API endpoint is a misconfiguration to report, not to follow with credentials
        this.endpoint = template.getCamelContext().getEndpoint(defaultUrl
                + "?throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + connectTimeout.toMillis()
                + "&connectionRequestTimeout=" + connectTimeout.toMillis()
                + "&responseTimeout=" + responseTimeout.toMillis()
                + "&soTimeout=" + responseTimeout.toMillis());
        if (!(endpoint instanceof HttpEndpoint http)) {
            throw new IllegalArgumentException("invalid url " + defaultUrl + " (valid: an http or https url)");
        }
        // HttpClient 5 by default repeats a request answered 429 or 503, sleeping for its Retry-After inside the call:
        // the outbox owns retries and backoff, so every attempt here is exactly one request
        HttpClientConfigurer inherited = http.getHttpClientConfigurer();
        http.setHttpClientConfigurer(builder -> {
            if (inherited != null) {
                inherited.configureHttpClient(builder);
            }
            builder.disableAutomaticRetries();
        });
    }

    /** POSTs {@code json} to {@code url} with exactly {@code headers} besides the JSON content type. */
    public Response postJson(String url, Map<String, String> headers, String json) throws TransportException {
        Exchange exchange = endpoint.createExchange();
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.HTTP_URI, url);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        headers.forEach((name, value) -> exchange.getIn().setHeader(name, value));
        exchange.getIn().setBody(json.getBytes(StandardCharsets.UTF_8));
        Exchange done = template.send(endpoint, exchange);
        if (done.getException() != null) {
            throw new TransportException(rootCause(done.getException()));
        }
        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new TransportException(new IllegalStateException("no http status in the answer"));
        }
        return new Response(status, done.getMessage().getBody(String.class),
                done.getMessage().getHeader("Retry-After", String.class));
    }

    /**
     * The wait a {@code Retry-After} value asks for: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when the
     * header is absent or unreadable, zero for a date in the past.
     */
    public static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
