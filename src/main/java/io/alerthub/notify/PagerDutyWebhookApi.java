package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.config.Secret;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.ingest.IngestProblems;
import io.alerthub.model.Incident;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.PagerDutyDeliveryStore;
import io.alerthub.store.RetentionProperties;
import io.alerthub.support.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * PagerDuty webhooks v3 in ({@code POST /api/v1/customers/{id}/pagerduty}): a delivery signed with one of the
 * customer's webhook secrets that acknowledges or resolves a page the hub raised for that customer (its dedup key is
 * the incident id) acknowledges or resolves the incident here, which stops the escalation chain. The ingest guard has
 * already bounded the body and refused unknown customers and unsigned requests. Wrongly signed: 401. An incident of
 * another customer, a delivery older than {@code alerthub.pagerduty-webhook.max-age} and a delivery seen before change
 * nothing and are answered 202 (PagerDuty would only retry a refusal); the first two are kept as rejected input.
 */
@RestController
public class PagerDutyWebhookApi {
    static final String CHANNEL = "pagerduty";
    private static final Logger LOG = LoggerFactory.getLogger(PagerDutyWebhookApi.class);
    private final CustomerRegistry customers;
    private final EscalationPlanner escalation;
    private final IncidentStore incidents;
    private final PagerDutyDeliveryStore deliveries;
    private final IngestProblems problems;
    private final PagerDutyWebhookProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    public PagerDutyWebhookApi(CustomerRegistry customers, EscalationPlanner escalation, IncidentStore incidents,
                               PagerDutyDeliveryStore deliveries, IngestProblems problems,
                               PagerDutyWebhookProperties properties, RetentionProperties retention,
                               MeterRegistry meters, Clock clock) {
        Optional<Duration> remembered = Optional.ofNullable(retention.pagerdutyDeliveries()).filter(d -> !d.isZero());
        Duration window = properties.maxAge().plus(properties.maxClockSkew());
        if (remembered.isPresent() && remembered.get().compareTo(window) < 0) {
            throw new IllegalStateException("alerthub.retention.pagerduty-deliveries: must be at least"
                    + " alerthub.pagerduty-webhook.max-age + max-clock-skew (" + window + "), got \""
                    + remembered.get() + "\": a replay of an older delivery would not be recognised");
        }
        this.customers = customers;
        this.escalation = escalation;
        this.incidents = incidents;
        this.deliveries = deliveries;
        this.problems = problems;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    @PostMapping("/api/v1/customers/{customerId}/pagerduty")
    public ResponseEntity<Object> receive(@PathVariable String customerId,
            @RequestHeader(name = PagerDutyWebhookVerifier.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] requestBody, HttpServletRequest request) {
        byte[] body = requestBody == null ? new byte[0] : requestBody;
        Object source = request.getAttribute(IngestProblems.SOURCE);
        Optional<CustomerConfig> customer = customers.find(customerId);
        IngestProblems.Sender anonymous = new IngestProblems.Sender(customer.isPresent(), false,
                source == null ? null : source.toString());
        IngestProblems.Sender signed = new IngestProblems.Sender(true, true, anonymous.source());
        List<byte[]> secrets = customer.flatMap(CustomerConfig::notificationSettings)
                .flatMap(NotificationsConfig::pagerDutySettings).map(p -> p.webhookSecrets().stream()
                        .map(Secret::bytes).toList()).orElse(List.of());
        if (secrets.isEmpty()) {
            // the same answer as a bad signature: no hint which customers exist
            return refuse(IngestProblems.unauthorized(), customerId, null, body, anonymous);
        }
        PagerDutyWebhookVerifier.Event event;
        try {
            event = new PagerDutyWebhookVerifier(secrets).verifyAndParse(body, signature).orElse(null);
        } catch (PagerDutyWebhookVerifier.Rejected e) {
            return e.badSignature() ? refuse(IngestProblems.unauthorized(), customerId, null, body, anonymous)
                    : refuse(new ProblemException(400, "invalid_payload", "Not a PagerDuty webhook", e.getMessage()),
                    customerId, null, body, signed);
        }
        if (event == null || event.incidentKey() == null) {
            return ResponseEntity.accepted().body(Map.of("applied", false, "reason", "not an event the hub acts on"));
        }
        String eventType = event.type().eventType();
        Optional<Incident> incident = incidents.find(event.incidentKey());
        if (incident.isPresent() && !incident.get().customerId().equals(customerId)) {
            LOG.warn("customer \"{}\": pagerduty {} names incident {} of another customer; refused", customerId,
                    eventType, event.incidentKey());
            ignored(new ProblemException(202, "foreign_incident", "Incident of another customer", eventType
                    + " names incident \"" + event.incidentKey() + "\", which is not this customer's"),
                    customerId, eventType, body, signed);
            // answered like an incident that does not exist: a secret of one customer learns nothing of another's
            return ResponseEntity.accepted().body(Map.of("applied", false, "incidentId", event.incidentKey()));
        }
        Instant now = clock.instant();
        if (event.occurredAt() != null && (event.occurredAt().isBefore(now.minus(properties.maxAge()))
                || event.occurredAt().isAfter(now.plus(properties.maxClockSkew())))) {
            String detail = "occurred_at " + event.occurredAt() + " is outside the accepted window (max-age "
                    + properties.maxAge() + ", max-clock-skew " + properties.maxClockSkew() + ")";
            ignored(new ProblemException(202, "stale_delivery", "PagerDuty delivery too old", detail), customerId,
                    eventType, body, signed);
            return ResponseEntity.accepted().body(Map.of("applied", false, "reason", detail));
        }
        String deliveryId = event.eventId() != null ? event.eventId() : "sha256:" + sha256(body);
        if (!deliveries.firstSeen(customerId, deliveryId, now)) {
            LOG.info("customer \"{}\": pagerduty delivery {} received before; ignored", customerId, deliveryId);
            meters.counter("alerthub.pagerduty.webhook.replayed").increment();
            return ResponseEntity.accepted().body(Map.of("applied", false, "reason", "delivery received before"));
        }
        boolean applied;
        try {
            String who = event.who() == null ? "pagerduty" : event.who();
            applied = event.type() == PagerDutyWebhookVerifier.Type.ACKNOWLEDGED
                    ? escalation.acknowledge(event.incidentKey(), who, CHANNEL)
                    : escalation.resolve(event.incidentKey(), who, CHANNEL);
        } catch (RuntimeException e) {
            // PagerDuty retries what failed: its retry must not look like a replay
            deliveries.forget(customerId, deliveryId);
            throw e;
        }
        return ResponseEntity.accepted().body(Map.of("applied", applied, "incidentId", event.incidentKey()));
    }

    private ResponseEntity<Object> refuse(ProblemException problem, String customerId, String eventType, byte[] body,
                                          IngestProblems.Sender sender) {
        String json = problems.reject(problem, customerId, CHANNEL, eventType == null ? CHANNEL : eventType, body,
                body.length, sender);
        return ResponseEntity.status(problem.status()).header("Content-Type", IngestProblems.PROBLEM_JSON).body(json);
    }

    private void ignored(ProblemException problem, String customerId, String eventType, byte[] body,
                         IngestProblems.Sender sender) {
        problems.reject(problem, customerId, CHANNEL, eventType, body, body.length, sender);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
