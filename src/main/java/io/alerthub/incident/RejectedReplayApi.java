package io.alerthub.incident;

import io.alerthub.ingest.ParsedPayload;
import io.alerthub.ingest.PayloadReader;
import io.alerthub.model.Alert;
import io.alerthub.normalize.AlertNormalizers;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.RejectedStore;
import io.alerthub.support.ProblemException;
import io.alerthub.support.security.CustomerScope;
import io.alerthub.triage.Intake;
import io.alerthub.triage.IntakeReceipt;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator API: {@code POST /api/v1/rejected/{id}/replay} runs a stored rejected webhook input through the current
 * normalizers and customer config (after a fix or a new mapping) and stores what it becomes like a new delivery.
 * Admin only (the {@code /api/**} write rule); recorded on the rejected row (who, when, which alerts) and in the log;
 * each replayed alert carries the annotation {@code replayedFrom}.
 */
@RestController
public class RejectedReplayApi {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedReplayApi.class);
    private final RejectedStore rejected;
    private final PayloadReader reader;
    private final AlertNormalizers normalizers;
    private final Intake intake;
    private final CustomerScope scope;
    private final Clock clock;

    public RejectedReplayApi(RejectedStore rejected, PayloadReader reader, AlertNormalizers normalizers, Intake intake,
                             CustomerScope scope, Clock clock) {
        this.rejected = rejected;
        this.reader = reader;
        this.normalizers = normalizers;
        this.intake = intake;
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * 200 {@code {"rejectedId", "alertIds", "duplicate"}} once stored; 404 for an unknown id or a customer the caller may
     * not see; 409 when the input cannot be replayed (not a webhook input, or its body was cut at 64 KiB); the
     * problem the input still causes (400/404/422, with {@code errors[]}) when it is still refused.
     */
    @PostMapping("/api/v1/rejected/{id}/replay")
    public ResponseEntity<?> replay(@PathVariable String id, Principal principal) {
        try {
            return ResponseEntity.ok(replayed(id, principal));
        } catch (ErrorResponseException e) {
            // as RFC 9457 problem details, like every refusal at ingest
            return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(e.getBody());
        }
    }

    private Map<String, Object> replayed(String id, Principal principal) {
        RejectedStore.Replayable input = rejected.find(id)
                .filter(r -> r.customerId() != null && scope.allows(r.customerId()))
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "not_found", "Rejected input not found",
                        "rejected input \"" + id + "\" not found", List.of()));
        if (!"webhook".equals(input.channel()) || input.format() == null) {
            throw problem(HttpStatus.CONFLICT, "not_replayable", "Rejected input cannot be replayed",
                    "rejected input \"" + id + "\" came by " + input.channel() + ": only webhook inputs are replayed",
                    List.of());
        }
        if (!input.complete()) {
            throw problem(HttpStatus.CONFLICT, "not_replayable", "Rejected input cannot be replayed",
                    "rejected input \"" + id + "\" was " + input.bodySize() + " bytes; only the first "
                            + RejectedStore.EXCERPT_BYTES + " were kept", List.of());
        }
        Delivery delivery;
        try {
            ParsedPayload payload = reader.read(input.customerId(), input.format(), "application/json", input.body());
            delivery = normalizers.normalize(payload);
        } catch (ProblemException e) {
            LOG.info("rejected input {} replayed by {} is still refused: {}", id, principal.getName(), e.getMessage());
            throw problem(HttpStatus.valueOf(e.status()), e.reason(), e.title(), e.getMessage(),
                    e.problems().stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        }
        List<Alert> marked = delivery.alerts().stream()
                .map(a -> a.toBuilder().annotation("replayedFrom", id).build()).toList();
        IntakeReceipt receipt = intake.store(new Delivery(delivery.raw(), delivery.eventId(), marked));
        rejected.recordReplay(id, principal.getName(), clock.instant(), receipt.alertIds());
        LOG.info("rejected input {} (customer {}, format {}) replayed by {}: alerts {}", id, input.customerId(),
                input.format(), principal.getName(), receipt.alertIds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rejectedId", id);
        body.put("alertIds", receipt.alertIds());
        body.put("duplicate", receipt.duplicate());
        return body;
    }

    private static ErrorResponseException problem(HttpStatus status, String reason, String title, String detail,
                                                  List<Map<String, String>> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("urn:alerthub:problem:" + reason.replace('_', '-')));
        p.setProperty("errors", errors);
        return new ErrorResponseException(status, p, null);
    }
}
