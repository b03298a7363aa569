package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.HostConfig;
import io.alerthub.config.SnsConfig;
import io.alerthub.model.Alert;
import io.alerthub.model.FieldProblem;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps one EventBridge event delivered straight to the hub (an API destination, format
 * {@code eventbridge}) to one alert draft: CloudWatch Alarm State Change (ALARM firing, OK resolved, INSUFFICIENT_DATA
 * info), AWS Health events, EC2 instance state changes and GuardDuty findings; any other event is an info alert named
 * by its {@code detail-type}. The mapping is the one SNS-relayed events get ({@link SnsMessageNormalizer}), with the
 * customer's {@code sns.hostMap} and hosts naming the host.
 */
@Component
public class EventBridgeNormalizer implements AlertNormalizer {
    private final CustomerRegistry customers;

    public EventBridgeNormalizer(CustomerRegistry customers) {
        this.customers = customers;
    }

    @Override
    public String format() {
        return "eventbridge";
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        return normalize(payload, null);
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload, String customerId) {
        JsonNode event = Payloads.embeddedJson(payload);
        if (!event.isObject()) {
            throw InvalidPayloadException.notAnObject(format(), "$", event);
        }
        List<FieldProblem> problems = new java.util.ArrayList<>();
        for (String field : List.of("detail-type", "source")) {
            if (Payloads.text(event, field) == null) {
                problems.add(new FieldProblem(field, "is required (an EventBridge event carries it)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException("eventbridge payload is not an EventBridge event", problems);
        }
        Optional<CustomerConfig> customer = customerId == null ? Optional.empty() : customers.find(customerId);
        SnsConfig settings = customer.flatMap(CustomerConfig::snsSettings).orElse(new SnsConfig(null, null, null, null));
        List<HostConfig> hosts = customer.map(CustomerConfig::hosts).orElse(List.of());
        Alert alert = SnsMessageNormalizer.eventBridgeEvent(event, settings, hosts);
        if (alert == null) {
            // an event that raises nothing (an instance still pending): kept as an info alert, never dropped
            alert = Alert.builder().name(Payloads.text(event, "detail-type"))
                    .status(io.alerthub.model.AlertStatus.FIRING).severity(io.alerthub.model.Severity.INFO)
                    .summary(Payloads.text(event, "detail-type") + " from " + Payloads.text(event, "source"))
                    .description(event.path("detail").toString()).build();
        }
        // EventBridge gives every event a unique id: a redelivery (API destinations retry) is stored once
        String eventId = Payloads.text(event, "id");
        Alert withSource = alert.toBuilder().source(new io.alerthub.model.AlertSource(null, format(),
                Payloads.text(event, "account"), eventId)).build();
        return new NormalizedPayload(eventId, List.of(withSource));
    }
}
