package io.alerthub.incident;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.RefusalLimiter;
import io.alerthub.model.Incident;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.slack.SlackInteractions;
import io.alerthub.notify.slack.SlackRequestSigning;
import io.alerthub.notify.slack.SlackResponder;
import io.alerthub.support.security.CustomerScope;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's interactivity request URL ({@code POST /api/v1/slack/interactions}, outside the operator login: Slack
 * cannot log in). A request counts only when Slack's signature over its raw body is valid, its timestamp is inside
 * the window and its signature was not used before (else 401, nothing read further). A press of the hub's
 * Acknowledge / Take over / Resolve buttons acts as the operator the Slack user is mapped to
 * ({@code alerthub.slack.interactive.users}), within that operator's customers, through {@link IncidentActions}, and
 * the message is replaced by one saying who acted; an unmapped user, an incident out of reach or a transition the
 * state machine forbids changes nothing and gets a reply only they see. Slack is answered 200 at once. Refused
 * requests count against the sender's address like refused ingest ({@link RefusalLimiter}): past the limit, 429
 * before the body is read.
 */
@RestController
public class SlackInteractionApi {
    /** The request URL to enter in the Slack app's "Interactivity" settings (below the hub's public URL). */
    public static final String PATH = "/api/v1/slack/interactions";
    private static final Logger LOG = LoggerFactory.getLogger(SlackInteractionApi.class);
    private final SlackInteractions interactions;
    private final SlackResponder responder;
    private final IncidentActions actions;
    private final CustomerScope scope;
    private final CustomerRegistry customers;
    private final RefusalLimiter refusals;

    public SlackInteractionApi(SlackInteractions interactions, SlackResponder responder, IncidentActions actions,
                               CustomerScope scope, CustomerRegistry customers, RefusalLimiter refusals) {
        this.refusals = refusals;
        this.interactions = interactions;
        this.responder = responder;
        this.actions = actions;
        this.scope = scope;
        this.customers = customers;
    }

    @PostMapping(PATH)
    public ResponseEntity<?> interact(HttpServletRequest request) throws IOException {
        if (!interactions.enabled()) {
            return IncidentActionApi.problem(HttpStatus.NOT_FOUND, "Not found",
                    "slack interactivity is off (alerthub.slack.interactive.enabled)", null, List.of());
        }
        String source = RefusalLimiter.sourceOf(request.getRemoteAddr());
        Optional<Duration> wait = refusals.retryAfter(source);
        if (wait.isPresent()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())))
                    .contentType(org.springframework.http.MediaType.parseMediaType(IncidentActionApi.PROBLEM_JSON))
                    .body(Map.of("type", "about:blank", "title", "Too many requests", "status", 429,
                            "detail", "too many refused requests from this address; retry later"));
        }
        int max = interactions.properties().maxBodyBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(max + 1);
        }
        if (body.length > max) {
            return IncidentActionApi.problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
                    "the body is larger than " + max + " bytes", null, List.of());
        }
        SlackRequestSigning.Verdict verdict = interactions.verify(
                request.getHeader(SlackRequestSigning.TIMESTAMP_HEADER),
                request.getHeader(SlackRequestSigning.SIGNATURE_HEADER), body);
        if (verdict != SlackRequestSigning.Verdict.VALID) {
            LOG.warn("slack interaction from {} refused: {}", request.getRemoteAddr(), verdict.reason());
            refusals.refused(source);
            return IncidentActionApi.problem(HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "slack request signature refused", null, List.of());
        }
        Optional<SlackInteractions.Press> read;
        try {
            read = SlackInteractions.read(body);
        } catch (SlackInteractions.Unreadable e) {
            LOG.warn("signed slack interaction unreadable: {}", e.getMessage());
            return IncidentActionApi.problem(HttpStatus.BAD_REQUEST, "Invalid request body", e.getMessage(), null,
                    List.of(new io.alerthub.model.FieldProblem("payload", e.getMessage())));
        }
        read.ifPresent(this::press);
        return ResponseEntity.ok().build();
    }

    private void press(SlackInteractions.Press press) {
        Optional<Incident> incident = actions.findAny(press.incidentId());
        String locale = incident.flatMap(i -> customers.find(i.customerId()))
                .map(c -> NotifyTexts.supported(c.locale().name().toLowerCase(Locale.ROOT))).orElse(NotifyTexts.EN);
        Optional<String> operator = interactions.properties().operatorOf(press.userId());
        if (operator.isEmpty()) {
            LOG.warn("slack user {} ({}) pressed {} on incident {} but is not mapped to an operator"
                    + " (alerthub.slack.interactive.users): refused", press.userId(), press.userName(),
                    press.actionId(), press.incidentId());
            responder.ephemeral(press, locale, "unknown-user", Map.of());
            return;
        }
        String name = operator.get();
        IncidentActions.Actor actor = new IncidentActions.Actor(name, "slack",
                customerId -> scope.allowsOperator(name, customerId));
        try {
            IncidentActions.Result result = switch (press.actionId()) {
                case SlackInteractions.ACKNOWLEDGE -> actions.acknowledge(press.incidentId(), actor);
                case SlackInteractions.TAKEOVER -> actions.takeover(press.incidentId(), actor, null);
                default -> actions.resolve(press.incidentId(), actor, null);
            };
            if (result.changed()) {
                LOG.info("slack user {} acted as {}: {} on incident {}", press.userId(), name, press.actionId(),
                        press.incidentId());
                responder.acted(press, locale, name);
            } else {
                responder.ephemeral(press, locale, "unchanged", Map.of("incidentId", press.incidentId(),
                        "state", result.incident().state().name()));
            }
        } catch (IncidentActions.NotFound e) {
            LOG.warn("slack user {} (operator {}) pressed {} on incident {}: not found or outside the operator's"
                    + " customers", press.userId(), name, press.actionId(), press.incidentId());
            responder.ephemeral(press, locale, "not-found", Map.of("incidentId", press.incidentId()));
        } catch (IncidentActions.Conflict e) {
            responder.ephemeral(press, locale, "conflict", Map.of("detail", e.getMessage()));
        }
    }
}
