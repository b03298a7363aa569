package io.alerthub.analytics;

import io.alerthub.model.FieldProblem;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The analytics over HTTP, a thin layer over {@link StatsService}: {@code GET /api/v1/stats} (JSON, or CSV with
 * {@code Accept: text/csv}), the MSP's period table, noisy and slow alerts, and automation coverage. Read access for
 * every logged-in role; a customer outside the caller's scope is answered like a customer without incidents.
 */
@RestController
@RequestMapping("/api/v1/stats")
public class StatsApi {
    private static final Logger LOG = LoggerFactory.getLogger(StatsApi.class);
    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private final StatsService stats;
    private final AnalyticsProperties properties;

    public StatsApi(StatsService stats, AnalyticsProperties properties) {
        this.stats = stats;
        this.properties = properties;
    }

    @GetMapping
    public ResponseEntity<?> stats(@RequestParam(required = false) String customer,
                                   @RequestParam(required = false) String department,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String groupBy,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Stats answer = stats.stats(new StatsQuery(customer, department, instant("from", from), instant("to", to),
                StatsGroup.parse(groupBy)));
        if (wantsCsv(accept)) {
            StringBuilder csv = new StringBuilder(StatsRow.CSV_HEADER).append("\r\n");
            answer.items().forEach(row -> csv.append(csvLine(row)));
            csv.append(csvLine(answer.totals()));
            return ResponseEntity.ok().contentType(CSV).body(csv.toString());
        }
        return ResponseEntity.ok(answer);
    }

    /** The MSP's own table: {@code period=month} (default) or {@code year}. */
    @GetMapping("/report")
    public Map<String, List<ReportRow>> report(@RequestParam(required = false) String customer,
                                               @RequestParam(required = false) String department,
                                               @RequestParam(required = false) String from,
                                               @RequestParam(required = false) String to,
                                               @RequestParam(required = false) String period) {
        if (period != null && !period.equals("month") && !period.equals("year")) {
            throw new StatsQueryException(new FieldProblem("period", "unknown period \"" + period
                    + "\" (valid: month, year)"));
        }
        return Map.of("items", stats.report(customer, department, instant("from", from), instant("to", to),
                "year".equals(period)));
    }

    @GetMapping("/noisy")
    public NoiseReport noisy(@RequestParam(required = false) String customer,
                             @RequestParam(required = false) String department,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to,
                             @RequestParam(required = false) String orderBy,
                             @RequestParam(required = false) String limit) {
        return stats.noisy(customer, department, instant("from", from), instant("to", to), NoiseOrder.parse(orderBy),
                number("limit", limit));
    }

    @GetMapping("/coverage")
    public CoverageReport coverage(@RequestParam(required = false) String customer,
                                   @RequestParam(required = false) String department,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String limit) {
        return stats.coverage(customer, department, instant("from", from), instant("to", to), number("limit", limit));
    }

    @ExceptionHandler(StatsQueryException.class)
    ResponseEntity<ProblemDetail> refused(StatsQueryException e) {
        LOG.info("stats request refused: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.problems().stream()
                .map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid stats request");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("errors", e.problems());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** An ISO-8601 instant, or a date meaning its start in the analytics zone. */
    private Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(properties.zone()).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new StatsQueryException(new FieldProblem(field, "invalid time \"" + value
                    + "\" (valid: an ISO-8601 instant like 2026-01-01T00:00:00Z, or a date like 2026-01-01)"));
        }
    }

    private static Integer number(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new StatsQueryException(new FieldProblem(field, "invalid number \"" + value + "\""));
        }
    }

    private static boolean wantsCsv(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")
                && !accept.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static String csvLine(StatsRow r) {
        Seconds fr = r.firstResponseSeconds();
        return String.join(",", quote(r.key()), n(r.alerts()), n(r.incidents()), n(r.resolvedByHub()),
                n(r.handedOver()), n(r.escalated()), n(r.suppressed()), n(r.automationRate()), n(fr.mean()),
                n(fr.p50()), n(fr.p90()), n(r.mttaSeconds()), n(r.mttrSeconds()), n(r.timeSavedSeconds())) + "\r\n";
    }

    private static String n(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /**
     * RFC 4180 quoting; a key starting with {@code = + - @} is prefixed with {@code '} so a spreadsheet never runs a
     * host or class name taken from an alert as a formula.
     */
    static String quote(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quoted = v.startsWith("'") || v.chars().anyMatch(c -> c == '"' || c == ',' || c == '\r' || c == '\n');
        return quoted ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
