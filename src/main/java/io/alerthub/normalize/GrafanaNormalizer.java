package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps a Grafana unified-alerting webhook (Grafana 8+; Alertmanager's group notification plus
 * silence, dashboard, panel and image URLs and the query values) to one alert draft per entry of {@code alerts[]}.
 */
@Component
public class GrafanaNormalizer implements AlertNormalizer {

    @Override
    public String format() {
        return "grafana";
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        List<Alert> alerts = AlertmanagerNormalizer.normalizeGroup(payload, format(), GrafanaNormalizer::grafanaExtras);
        return new NormalizedPayload(null, alerts);
    }

    private static void grafanaExtras(JsonNode alert, Alert.Builder b) {
        b.link(Payloads.text(alert, "silenceURL"), "silence")
                .link(Payloads.text(alert, "dashboardURL"), "dashboard")
                .link(Payloads.text(alert, "panelURL"), "panel")
                .link(Payloads.text(alert, "imageURL"), "image");
        // The evaluated query values are what an operator reads first ("A=2.47e+09"); keep them as annotations.
        JsonNode values = Payloads.embeddedJson(alert.path("values"));
        if (values.isObject() && !values.isEmpty()) {
            b.annotation("values", values.toString());
        }
        b.annotation("valueString", Payloads.text(alert, "valueString"));
    }
}
