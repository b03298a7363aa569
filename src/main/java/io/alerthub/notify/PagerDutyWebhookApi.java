package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.config.Secret;
import io.alerthub.escalate.EscalationPlanner;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * PagerDuty webhooks v3 in ({@code POST /api/v1/customers/{id}/pagerduty}): a delivery signed with one of the
 * customer's webhook secrets that acknowledges or resolves a page the hub raised (its dedup key is the incident id)
 * acknowledges or resolves the incident here, which stops the escalation chain. Unsigned or wrongly signed: 401.
 */
@RestController
public class PagerDutyWebhookApi {
    private static final Logger LOG = LoggerFactory.getLogger(PagerDutyWebhookApi.class);
    private final CustomerRegistry customers;
    private final EscalationPlanner escalation;

    public PagerDutyWebhookApi(CustomerRegistry customers, EscalationPlanner escalation) {
        this.customers = customers;
        this.escalation = escalation;
    }

    @PostMapping("/api/v1/customers/{customerId}/pagerduty")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String customerId,
            @RequestHeader(name = PagerDutyWebhookVerifier.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        List<byte[]> secrets = customers.find(customerId).flatMap(CustomerConfig::notificationSettings)
                .flatMap(NotificationsConfig::pagerDutySettings).map(p -> p.webhookSecrets().stream()
                        .map(Secret::bytes).toList()).orElse(List.of());
        if (secrets.isEmpty()) {
            // the same answer as a bad signature: no hint which customers exist
            return problem(HttpStatus.UNAUTHORIZED, "unauthorized");
        }
        PagerDutyWebhookVerifier.Event event;
        try {
            event = new PagerDutyWebhookVerifier(secrets).verifyAndParse(body == null ? new byte[0] : body, signature)
                    .orElse(null);
        } catch (PagerDutyWebhookVerifier.Rejected e) {
            LOG.warn("customer {}: pagerduty webhook refused: {}", customerId, e.getMessage());
            return e.badSignature() ? problem(HttpStatus.UNAUTHORIZED, "unauthorized")
                    : problem(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (event == null || event.incidentKey() == null) {
            return ResponseEntity.accepted().body(Map.of("applied", false, "reason", "not an event the hub acts on"));
        }
        String who = event.who() == null ? "pagerduty" : event.who();
        boolean applied = event.type() == PagerDutyWebhookVerifier.Type.ACKNOWLEDGED
                ? escalation.acknowledge(event.incidentKey(), who, "pagerduty")
                : escalation.resolve(event.incidentKey(), who, "pagerduty");
        return ResponseEntity.accepted().body(Map.of("applied", applied, "incidentId", event.incidentKey()));
    }

    private static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).header("Content-Type", "application/problem+json")
                .body(Map.of("status", status.value(), "title", status.getReasonPhrase(), "detail", detail));
    }
}
