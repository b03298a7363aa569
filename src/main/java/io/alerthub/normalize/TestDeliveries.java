package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a sender's "send test notification" delivery (New Relic {@code current_state: test}, Grafana's
 * {@code TestAlert}, Datadog's {@code [TEST]} title…) and marks its alerts so triage stores them as a test delivery:
 * answered 2xx, kept and shown, but no scenario runs and nobody is paged (docs/alert-format.md#test-deliveries).
 */
public final class TestDeliveries {
    /** The label a test delivery's alerts carry, value {@code "true"}; triage closes their incident at once. */
    public static final String LABEL = "alerthub_test_delivery";

    private TestDeliveries() {
    }

    /** Whether {@code payload}, sent in {@code format}, is the sender's test notification. */
    public static boolean isTest(String format, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return false;
        }
        return switch (format) {
            // the legacy alert channel's "Send test notification" (and workflows' test "state": "TEST")
            case "newrelic" -> is(payload, "current_state", "test") || is(payload, "state", "test");
            // unified alerting's contact-point test sends alertname TestAlert from instance Grafana; legacy
            // alerting's test had ruleName "Test notification" and ruleId 0
            case "grafana" -> grafanaTest(payload) || is(payload, "ruleName", "test notification");
            // Datadog's "Test Notifications" prefix the title with [TEST]
            case "datadog" -> startsWith(payload, "title", "[test]") || startsWith(payload, "alert_title", "[test]")
                    || startsWith(payload, "event_title", "[test]");
            default -> false;
        };
    }

    /** Whether a finished or draft alert came from a test delivery. */
    public static boolean isTest(Alert alert) {
        return "true".equals(alert.labels().get(LABEL));
    }

    /**
     * The test delivery's alerts, marked: label {@link #LABEL}, severity info and no source event id (every test is
     * stored, none is taken for a redelivery). When the format's normalizer refused the test payload (New Relic's
     * test carries no real state), one alert stands for it.
     */
    public static NormalizedPayload marked(String format, NormalizedPayload normalized) {
        List<Alert> alerts = normalized == null || normalized.alerts().isEmpty()
                ? List.of(Alert.builder().source(new AlertSource(null, format, null, null))
                        .name(format + " test notification").build())
                : normalized.alerts();
        return new NormalizedPayload(null, alerts.stream().map(TestDeliveries::mark).toList());
    }

    private static Alert mark(Alert draft) {
        return draft.toBuilder()
                .label(LABEL, "true")
                .status(AlertStatus.FIRING)
                .severity(Severity.INFO)
                .fingerprint("test-delivery:" + (draft.source() == null ? "" : draft.source().format()))
                .build();
    }

    private static boolean grafanaTest(JsonNode payload) {
        for (JsonNode alert : payload.path("alerts")) {
            if ("TestAlert".equals(Payloads.text(alert, "labels", "alertname"))
                    && "Grafana".equals(Payloads.text(alert, "labels", "instance"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(JsonNode payload, String field, String value) {
        String v = Payloads.text(payload, field);
        return v != null && v.trim().equalsIgnoreCase(value);
    }

    private static boolean startsWith(JsonNode payload, String field, String prefix) {
        String v = Payloads.text(payload, field);
        return v != null && v.trim().toLowerCase(Locale.ROOT).startsWith(prefix);
    }
}
