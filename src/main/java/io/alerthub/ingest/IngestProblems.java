package io.alerthub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.FieldProblem;
import io.alerthub.store.RejectedInput;
import io.alerthub.store.RejectedStore;
import io.alerthub.support.Ids;
import io.alerthub.support.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingest stage error policy: turns a refused input into an RFC 9457 problem-details answer and counts it per reason.
 * Only a refusal of a known customer's authenticated sender is kept in the rejected store (reason, detail, first
 * 64 KiB of the body): anonymous input never reaches the database, it is counted
 * ({@code alerthub.ingest.rejected.discarded}) and charged to its source address ({@link RefusalLimiter}). Bad
 * credentials get a bare 401; anything unexpected is a 503 so the sender retries, never a lost alert.
 */
@Component
public class IngestProblems {
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Exchange property an ingest route sets once the sender is authenticated: its refusals are then kept. */
    public static final String AUTHENTICATED = "alerthubAuthenticated";
    /** Request attribute holding the source key ({@link RefusalLimiter#sourceOf}) set by the ingest guard. */
    public static final String SOURCE = "io.alerthub.ingest.source";
    private static final Logger LOG = LoggerFactory.getLogger(IngestProblems.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final RejectedStore rejected;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final Clock clock;
    private final CustomerRegistry customers;
    private final RefusalLimiter limiter;

    public IngestProblems(RejectedStore rejected, MeterRegistry meters, ObjectMapper json, Clock clock,
                          CustomerRegistry customers, RefusalLimiter limiter) {
        this.rejected = rejected;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
        this.customers = customers;
        this.limiter = limiter;
    }

    /**
     * Who sent a refused input: whether the customer in the path exists, whether the sender proved to be that
     * customer's (token, signature), and the source key the refusal is charged to when it did not.
     */
    public record Sender(boolean knownCustomer, boolean authenticated, String source) {
    }

    /** Camel error step for ingest routes: answers the caught exception as problem details. */
    public void answer(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String customerId = exchange.getMessage().getHeader("customerId", String.class);
        String format = exchange.getMessage().getHeader("format", String.class);
        String channel = exchange.getFromRouteId() != null && exchange.getFromRouteId().contains("sns") ? "sns" : "webhook";
        byte[] body = exchange.getMessage().getBody(byte[].class);
        ProblemException problem = classify(caught);
        Sender sender = new Sender(customers.find(customerId).isPresent(),
                Boolean.TRUE.equals(exchange.getProperty(AUTHENTICATED, Boolean.class)), source(exchange));
        String answer = reject(problem, customerId, channel, format, body, body == null ? 0 : body.length, sender);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
        exchange.getMessage().setBody(answer);
    }

    /**
     * Records a refusal and returns the problem-details JSON to answer with: a row in the rejected store for a known
     * customer's authenticated sender, otherwise a count and a charge against the source's refusal limit.
     */
    public String reject(ProblemException problem, String customerId, String channel, String format, byte[] body,
                         long bodySize, Sender sender) {
        meters.counter("alerthub.ingest.rejected", "reason", problem.reason(), "channel", channel).increment();
        if (problem.status() == 503) {
            // the sender retries a 503, and the database may be what failed: keeping it would hold the answer for a
            // connection (bench/reliability dbdown); the counter above and this log line are its record
            LOG.warn("refused {} input for {} format \"{}\" with 503: {}", channel, quoteId(customerId, sender),
                    format, problem.getMessage());
            return toJson(problem);
        }
        boolean keep = sender.knownCustomer() && sender.authenticated();
        if (keep) {
            try {
                rejected.insert(new RejectedInput(Ids.next(), customerId, channel, format, problem.reason(),
                        problem.status(), problem.getMessage(), clock.instant(), bodySize, null),
                        problem.status() == 401 ? null : body);
            } catch (RuntimeException e) {
                LOG.error("could not record rejected input (reason {}): {}", problem.reason(), e.toString());
            }
        } else {
            // tags are bounded: never the unknown id itself, which any caller can choose
            meters.counter("alerthub.ingest.rejected.discarded", "customer", sender.knownCustomer() ? "known" : "unknown",
                    "reason", problem.reason(), "channel", channel).increment();
            limiter.refused(sender.source());
        }
        LOG.info("rejected {} input for {} format \"{}\" from {}: {} {}{}", channel, quoteId(customerId, sender),
                loggable(format), sender.source(), problem.status(),
                problem.status() == 401 ? "unauthorized" : problem.getMessage(), keep ? "" : " (not kept: "
                        + (sender.knownCustomer() ? "sender not authenticated)" : "unknown customer)"));
        return toJson(problem.answer());
    }

    /** Counts a request refused with 429 because its source used up its refusals; nothing else is done for it. */
    public String rateLimited(String channel, long retryAfterSeconds) {
        meters.counter("alerthub.ingest.rejected.discarded", "customer", "unchecked", "reason", "rate_limited",
                "channel", channel).increment();
        return toJson(new ProblemException(429, "rate_limited", "Too many refused requests",
                "too many refused requests from this address; retry after " + retryAfterSeconds + " s"));
    }

    private static String quoteId(String customerId, Sender sender) {
        if (!sender.knownCustomer()) {
            return "unknown customer " + loggable(customerId);
        }
        return "customer \"" + customerId + "\"";
    }

    /** Path values are chosen by the caller: logged only when they look like ids, so nothing forges log lines. */
    private static String loggable(String value) {
        return value != null && SAFE.matcher(value).matches() ? "\"" + value + "\"" : "(malformed)";
    }

    private static String source(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            Object source = http.getRequest().getAttribute(SOURCE);
            return source == null ? null : source.toString();
        }
        return null;
    }

    private ProblemException classify(Throwable caught) {
        if (caught instanceof ProblemException p) {
            return p;
        }
        if (caught instanceof UnauthorizedException) {
            return unauthorized();
        }
        LOG.error("ingest failed unexpectedly; the sender is told to retry", caught);
        return new ProblemException(503, "internal_error", "Temporarily unable to accept alerts",
                "the hub could not store this delivery; retry later");
    }

    /** The bare 401 every credential failure gets, whatever failed (nothing tells which customers exist). */
    public static ProblemException unauthorized() {
        return new ProblemException(401, "unauthorized", "Unauthorized", null);
    }

    String toJson(ProblemException p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:alerthub:problem:" + p.reason().replace('_', '-'));
        body.put("title", p.title());
        body.put("status", p.status());
        if (p.getMessage() != null) {
            body.put("detail", p.getMessage());
        }
        List<FieldProblem> fields = p.problems();
        if (!fields.isEmpty()) {
            body.put("errors", fields);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
