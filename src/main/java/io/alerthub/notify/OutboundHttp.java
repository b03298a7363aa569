package io.alerthub.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.support.AlertHeaders;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The notify stage's HTTP client: one camel-http endpoint with the hub's timeouts, over which channels POST JSON to a
 * URL given per request (the {@code CamelHttpUri} header), so credentials that live in URLs (Slack incoming webhooks)
 * never become endpoint URIs that Camel lists in its registry, JMX and Hawtio.
 *
 * <p>An answer is read up to {@link #MAX_RESPONSE_BYTES} and for at most the response timeout, whatever the receiver
 * (or something posing as it) sends: camel-http would otherwise copy the whole body into memory or its stream cache.
 * The cap sits in HttpClient's exec chain, below camel-http; the rest of a longer answer is never read, its
 * connection is closed instead of drained.
 */
public final class OutboundHttp {
    private final ProducerTemplate template;
    private final Endpoint endpoint;

    /** Bytes of an answer read at most: Slack and PagerDuty answer in a few hundred; the rest is never read. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** The bound of the answer the calling thread waits for: {@link #MAX_RESPONSE_BYTES} unless a reading call says. */
    private static final ThreadLocal<Integer> ANSWER_LIMIT = ThreadLocal.withInitial(() -> MAX_RESPONSE_BYTES);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the receiver answered: status, body (at most {@link #MAX_RESPONSE_BYTES}, {@code truncated} when there was
     * more) and the raw {@code Retry-After} header (null when absent).
     */
    public record Response(int status, String body, String retryAfter, boolean truncated) {

        /**
         * The body's top-level JSON fields, as far as they could be read: a cut answer still gives the fields before
         * the cut ({@code ok}, {@code ts}, {@code dedup_key} come first); a missing node when the body is no JSON object.
         */
        public JsonNode json() {
            ObjectNode fields = JSON.createObjectNode();
            if (body == null || body.isBlank()) {
                return JSON.missingNode();
            }
            try (JsonParser parser = JSON.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return JSON.missingNode();
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    fields.set(name, JSON.readTree(parser));
                }
            } catch (IOException e) {
                // the cut (or broken) rest: keep what was complete
            }
            return fields;
        }
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
        long readNanos = responseTimeout.toNanos();
        http.setHttpClientConfigurer(builder -> {
            if (inherited != null) {
                inherited.configureHttpClient(builder);
            }
            builder.disableAutomaticRetries();
            // outermost, so it sees the body as camel-http will (already decompressed)
            builder.addExecInterceptorFirst("alerthub-bounded-answer", (request, scope, chain) -> {
                ClassicHttpResponse response = chain.proceed(request, scope);
                if (response.getEntity() != null) {
                    response.setEntity(new BoundedEntity(response.getEntity(), scope.execRuntime,
                            System.nanoTime() + readNanos, ANSWER_LIMIT.get()));
                }
                return response;
            });
        });
    }

    /** POSTs {@code json} to {@code url} with exactly {@code headers} besides the JSON content type. */
    public Response postJson(String url, Map<String, String> headers, String json) throws TransportException {
        return post(url, headers, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8),
                MAX_RESPONSE_BYTES);
    }

    /**
     * POSTs {@code form} URL-encoded to {@code url} with exactly {@code headers} besides the form content type (the
     * way Slack's reading methods, such as {@code conversations.history}, take their arguments).
     */
    public Response postForm(String url, Map<String, String> headers, Map<String, String> form)
            throws TransportException {
        return postForm(url, headers, form, MAX_RESPONSE_BYTES);
    }

    /**
     * {@link #postForm(String, Map, Map)} for a reading method whose answers are larger than a posting method's (a page
     * of Slack messages with their blocks): the answer is read up to {@code maxAnswerBytes}.
     */
    public Response postForm(String url, Map<String, String> headers, Map<String, String> form, int maxAnswerBytes)
            throws TransportException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        // the client runs the request on this thread: its bounded-answer interceptor reads the limit from here
        ANSWER_LIMIT.set(maxAnswerBytes);
        try {
            return post(url, headers, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8),
                    maxAnswerBytes);
        } finally {
            ANSWER_LIMIT.remove();
        }
    }

    private Response post(String url, Map<String, String> headers, String contentType, byte[] body,
            int maxAnswerBytes) throws TransportException {
        Exchange exchange = endpoint.createExchange();
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getIn().setHeader(Exchange.HTTP_URI, url);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, contentType);
        headers.forEach((name, value) -> exchange.getIn().setHeader(name, value));
        exchange.getIn().setBody(body);
        Exchange done = template.send(endpoint, exchange);
        if (done.getException() != null) {
            throw new TransportException(rootCause(done.getException()));
        }
        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new TransportException(new IllegalStateException("no http status in the answer"));
        }
        byte[] answer = done.getMessage().getBody(byte[].class);
        return new Response(status, answer == null ? null : new String(answer, StandardCharsets.UTF_8),
                done.getMessage().getHeader(AlertHeaders.RETRY_AFTER, String.class),
                answer != null && answer.length >= maxAnswerBytes);
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

    /**
     * An answer's body as camel-http gets to read it: at most its limit (usually {@link #MAX_RESPONSE_BYTES}), and nothing after the
     * deadline; closing it before the real end discards the connection rather than reading the rest to reuse it.
     */
    private static final class BoundedEntity extends HttpEntityWrapper {
        private final ExecRuntime runtime;
        private final long deadline;
        private final int limit;
        private BoundedStream stream;

        BoundedEntity(HttpEntity wrapped, ExecRuntime runtime, long deadline, int limit) {
            super(wrapped);
            this.runtime = runtime;
            this.deadline = deadline;
            this.limit = limit;
        }

        @Override
        public long getContentLength() {
            long length = super.getContentLength();
            return length >= 0 && length <= limit ? length : -1;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public synchronized InputStream getContent() throws IOException {
            if (stream == null) {
                stream = new BoundedStream(super.getContent(), super.getContentLength());
            }
            return stream;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            getContent().transferTo(out);
        }

        @Override
        public void close() throws IOException {
            InputStream content = getContent();
            content.close();
        }

        private final class BoundedStream extends FilterInputStream {
            private long left = limit;
            /** Nothing more will be read. */
            private boolean end;
            /** The body was read to its real end (the connection may be reused). */
            private boolean whole;
            /** The declared length (-1: none): a body read that far is whole even if nobody read on to the end. */
            private final long declared;

            BoundedStream(InputStream in, long declared) {
                super(in);
                this.declared = declared;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (end) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                if (left == 0) {
                    // at the cap: the body is whole only if it ends right here
                    whole = in.read() < 0;
                    end = true;
                    return -1;
                }
                if (System.nanoTime() - deadline > 0) {
                    end = true;
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, left));
                if (n < 0) {
                    whole = true;
                    end = true;
                    return -1;
                }
                left -= n;
                whole = declared >= 0 && limit - left == declared;
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] buffer = new byte[8192];
                long skipped = 0;
                while (skipped < n) {
                    int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (read < 0) {
                        break;
                    }
                    skipped += read;
                }
                return skipped;
            }

            @Override
            public int available() {
                return 0;
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public void close() throws IOException {
                if (whole) {
                    in.close();
                    return;
                }
                // not read to its end: close the connection rather than let HttpClient drain the rest for reuse
                runtime.discardEndpoint();
                try {
                    in.close();
                } catch (IOException e) {
                    // the connection is gone on purpose
                }
            }
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
