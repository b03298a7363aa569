package io.alerthub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingest stage error policy: turns a refused input into an RFC 9457 problem-details answer, keeps the refused body
 * (first 64 KiB) and reason in the rejected store, and counts it per reason. Bad credentials get a bare 401 and
 * their body is not kept; anything unexpected is a 503 so the sender retries, never a lost alert.
 */
@Component
public class IngestProblems {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(IngestProblems.class);
    private final RejectedStore rejected;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final Clock clock;

    public IngestProblems(RejectedStore rejected, MeterRegistry meters, ObjectMapper json, Clock clock) {
        this.rejected = rejected;
        this.meters = meters;
        this.json = json;
        this.clock = clock;
    }

    /** Camel error step for ingest routes: answers the caught exception as problem details. */
    public void answer(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String customerId = exchange.getMessage().getHeader("customerId", String.class);
        String format = exchange.getMessage().getHeader("format", String.class);
        String channel = exchange.getFromRouteId() != null && exchange.getFromRouteId().contains("sns") ? "sns" : "webhook";
        byte[] body = exchange.getMessage().getBody(byte[].class);
        ProblemException problem = classify(caught);
        String answer = reject(problem, customerId, channel, format, body, body == null ? 0 : body.length);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
        exchange.getMessage().setBody(answer);
    }

    /** Records a refusal and returns the problem-details JSON to answer with. */
    public String reject(ProblemException problem, String customerId, String channel, String format, byte[] body,
                         long bodySize) {
        boolean keepBody = problem.status() != 401;
        meters.counter("alerthub.ingest.rejected", "reason", problem.reason(), "channel", channel).increment();
        if (problem.status() == 503) {
            // the sender retries a 503, and the database may be what failed: keeping it would hold the answer for a
            // connection (bench/reliability dbdown); the counter above and this log line are its record
            LOG.warn("refused {} input for customer \"{}\" format \"{}\" with 503: {}", channel, customerId, format,
                    problem.getMessage());
            return toJson(problem);
        }
        try {
            rejected.insert(new RejectedInput(Ids.next(), customerId, channel, format, problem.reason(),
                    problem.status(), problem.getMessage(), clock.instant(), bodySize, null),
                    keepBody ? body : null);
        } catch (RuntimeException e) {
            LOG.error("could not record rejected input (reason {}): {}", problem.reason(), e.toString());
        }
        LOG.info("rejected {} input for customer \"{}\" format \"{}\": {} {}", channel, customerId, format,
                problem.status(), problem.status() == 401 ? "unauthorized" : problem.getMessage());
        return toJson(problem);
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

    static ProblemException unauthorized() {
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
