package io.alerthub.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.config.SilenceConfig;
import io.alerthub.model.FieldProblem;
import io.alerthub.store.AlertStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.security.CustomerScope;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The human side of the hybrid loop ({@code POST /api/v1/incidents/{id}/takeover|notes|resolve|close|reopen|snooze|
 * rerun|silence}, design.md §7), over {@link IncidentActions}. Operator role (SecurityConfig); an incident of a
 * customer outside the caller's scope answers 404 like an unknown id; a transition the state machine forbids answers
 * 409 naming the current state; a repeat answers 200 and changes nothing. JSON bodies are optional; a field of the
 * wrong type or value answers 400 naming it in {@code errors[]}.
 */
@RestController
@RequestMapping("/api/v1/incidents/{id}")
public class IncidentActionApi {
    static final String PROBLEM_JSON = "application/problem+json";
    private final IncidentActions actions;
    private final AlertStore alerts;
    private final TimelineStore timeline;
    private final CustomerScope scope;
    private final Clock clock;

    public IncidentActionApi(IncidentActions actions, AlertStore alerts, TimelineStore timeline, CustomerScope scope,
                             Clock clock) {
        this.actions = actions;
        this.alerts = alerts;
        this.timeline = timeline;
        this.scope = scope;
        this.clock = clock;
    }

    @PostMapping("/takeover")
    public IncidentView takeover(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                                 Principal principal) {
        String assignee = text(body, "assignee", 128, false);
        return view(actions.takeover(id, actor(principal), assignee));
    }

    @PostMapping("/notes")
    public ResponseEntity<IncidentView> note(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                                             Principal principal) {
        String text = text(body, "text", IncidentActions.MAX_NOTE, true);
        IncidentActions.Result result = actions.note(id, actor(principal), text);
        return ResponseEntity.status(result.changed() ? HttpStatus.CREATED : HttpStatus.OK).body(view(result));
    }

    @PostMapping("/resolve")
    public IncidentView resolve(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                                Principal principal) {
        String note = text(body, "note", IncidentActions.MAX_NOTE, false);
        return view(actions.resolve(id, actor(principal), note));
    }

    @PostMapping("/close")
    public IncidentView close(@PathVariable String id, Principal principal) {
        return view(actions.close(id, actor(principal)));
    }

    @PostMapping("/reopen")
    public IncidentView reopen(@PathVariable String id, Principal principal) {
        return view(actions.reopen(id, actor(principal)));
    }

    @PostMapping("/snooze")
    public IncidentView snooze(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                               Principal principal) {
        OffsetDateTime until = future(body, "until");
        return view(actions.snooze(id, actor(principal), until.toInstant()));
    }

    @PostMapping("/rerun")
    public IncidentView rerun(@PathVariable String id, @RequestBody(required = false) JsonNode body,
                              Principal principal) {
        JsonNode dryRun = field(body, "dryRun");
        if (dryRun != null && !dryRun.isBoolean()) {
            throw invalid("dryRun", "must be true or false, got " + dryRun);
        }
        return view(actions.rerun(id, actor(principal), dryRun != null && dryRun.asBoolean()));
    }

    /** A silence of the incident's host and alert class until {@code endsAt}: 201, or 200 with the one in force. */
    @PostMapping("/silence")
    public ResponseEntity<SilenceConfig> silence(@PathVariable String id,
                                                 @RequestBody(required = false) JsonNode body, Principal principal) {
        OffsetDateTime endsAt = future(body, "endsAt");
        String comment = text(body, "comment", 2000, false);
        IncidentActions.SilenceOutcome outcome = actions.silence(id, actor(principal), endsAt, comment);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.silence());
    }

    @ExceptionHandler(IncidentActions.NotFound.class)
    ResponseEntity<Map<String, Object>> notFound(IncidentActions.NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "Incident not found", e.getMessage(), null, List.of());
    }

    /**
     * The per-customer gate ({@link CustomerOwnedPaths}) answers another customer's incident before this controller
     * runs: the same problem body as an unknown id, so nothing tells the two apart.
     */
    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> outsideScope(ResponseStatusException e) {
        if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
            return problem(HttpStatus.NOT_FOUND, "Incident not found", e.getReason(), null, List.of());
        }
        throw e;
    }

    @ExceptionHandler(IncidentActions.Conflict.class)
    ResponseEntity<Map<String, Object>> conflict(IncidentActions.Conflict e) {
        return problem(HttpStatus.CONFLICT, "Not allowed in the incident's state", e.getMessage(),
                e.incident().state().name(), List.of());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request body", "the body is not valid JSON", null,
                List.of(new FieldProblem("", "not valid JSON")));
    }

    @ExceptionHandler(InvalidField.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidField e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request body", e.getMessage(), null, List.of(e.problem));
    }

    /** A body field of the wrong type or value. */
    static final class InvalidField extends RuntimeException {
        private final transient FieldProblem problem;

        InvalidField(FieldProblem problem) {
            super(problem.field() + ": " + problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private IncidentActions.Actor actor(Principal principal) {
        return new IncidentActions.Actor(principal.getName(), "api", scope::allows);
    }

    private IncidentView view(IncidentActions.Result result) {
        String id = result.incident().id();
        return new IncidentView(result.incident(), alerts.forIncident(id).stream().map(a -> a.alert().id()).toList(),
                timeline.list(id));
    }

    private static JsonNode field(JsonNode body, String name) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw invalid("", "the body must be a JSON object");
        }
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode body, String name, int max, boolean required) {
        JsonNode value = field(body, name);
        if (value == null) {
            if (required) {
                throw invalid(name, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(name, "must be a non-blank string, got " + value);
        }
        if (value.asText().length() > max) {
            throw invalid(name, "is " + value.asText().length() + " characters long (at most " + max + ")");
        }
        return value.asText().strip();
    }

    private OffsetDateTime future(JsonNode body, String name) {
        String value = text(body, name, 64, true);
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "\"" + value + "\" is not a date-time with offset (e.g. \"2026-12-08T09:00:00+09:00\")");
        }
        if (!at.toInstant().isAfter(Instant.now(clock))) {
            throw invalid(name, "\"" + value + "\" must be in the future");
        }
        return at;
    }

    private static InvalidField invalid(String field, String message) {
        return new InvalidField(new FieldProblem(field, message));
    }

    static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String title, String detail, String state,
                                                       List<FieldProblem> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (state != null) {
            body.put("state", state);
        }
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(PROBLEM_JSON)).body(body);
    }
}
