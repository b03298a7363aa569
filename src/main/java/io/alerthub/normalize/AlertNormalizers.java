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
        NormalizedPayload normalized = normalizer.normalize(payload.json());
        if (normalized.alerts().isEmpty()) {
            throw new InvalidPayloadException(format + " payload carries no alert", List.of());
        }
        return new Delivery(payload.raw(), normalized.eventId(),
                normalized.alerts().stream().map(a -> finisher.finish(a, payload.raw())).toList());
    }

    /** The formats the hub understands, sorted. */
    public java.util.Set<String> formats() {
        return byFormat.keySet();
    }
}
