package io.alerthub.normalize;

import io.alerthub.ingest.ParsedPayload;
import io.alerthub.support.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Normalize stage entry: picks the normalizer for the payload's format, runs it and finishes every draft into a
 * complete common-format alert. An unknown format is a 404 problem listing the known ones.
 */
@Component
public class AlertNormalizers {
    private final Map<String, AlertNormalizer> byFormat;
    private final AlertFinisher finisher;

    public AlertNormalizers(List<AlertNormalizer> normalizers, AlertFinisher finisher) {
        this.byFormat = normalizers.stream()
                .collect(Collectors.toMap(AlertNormalizer::format, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two normalizers for format \"" + a.format() + "\"");
                }, TreeMap::new));
        this.finisher = finisher;
    }

    public Delivery normalize(ParsedPayload payload) {
        String format = payload.raw().format();
        AlertNormalizer normalizer = byFormat.get(format);
        if (normalizer == null) {
            throw new ProblemException(404, "unknown_format", "Unknown alert format",
                    "unknown format \"" + format + "\" (known: " + String.join(", ", byFormat.keySet()) + ")");
        }
        NormalizedPayload normalized = normalizeOrTest(normalizer, payload, format);
        if (normalized.alerts().isEmpty()) {
            throw new InvalidPayloadException(format + " payload carries no alert", List.of());
        }
        return new Delivery(payload.raw(), normalized.eventId(),
                normalized.alerts().stream().map(a -> finisher.finish(a, payload.raw())).toList());
    }

    /**
     * A sender's test notification is answered 2xx and stored as a test delivery even when the format's rules
     * would refuse it (New Relic's test has state "test"): it proves the connection, so it must not fail.
     */
    private static NormalizedPayload normalizeOrTest(AlertNormalizer normalizer, ParsedPayload payload, String format) {
        String customerId = payload.raw().customerId();
        if (!TestDeliveries.isTest(format, payload.json())) {
            return normalizer.normalize(payload.json(), customerId);
        }
        NormalizedPayload normalized;
        try {
            normalized = normalizer.normalize(payload.json(), customerId);
        } catch (InvalidPayloadException e) {
            normalized = null;
        }
        return TestDeliveries.marked(format, normalized);
    }

    /** The formats the hub understands, sorted. */
    public java.util.Set<String> formats() {
        return byFormat.keySet();
    }
}
