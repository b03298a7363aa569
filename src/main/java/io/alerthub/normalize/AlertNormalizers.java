package io.alerthub.normalize;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.IngestMapping;
import io.alerthub.ingest.ParsedPayload;
import io.alerthub.support.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Normalize stage entry: picks the normalizer for the payload's format, runs it and finishes every draft into a
 * complete common-format alert. A format the hub does not know is the customer's own mapping
 * ({@code ingest.mappings} in customer.yaml, {@link MappedNormalizer}) when it defines one, else a 404 problem listing
 * the formats known for that customer. Built-in names always win: the config refuses a mapping named like one.
 */
@Component
public class AlertNormalizers {
    private final Map<String, AlertNormalizer> byFormat;
    private final AlertFinisher finisher;
    private final Function<String, Optional<CustomerConfig>> customers;

    /** Built-in formats only (tests of the normalizers alone). */
    public AlertNormalizers(List<AlertNormalizer> normalizers, AlertFinisher finisher) {
        this(normalizers, finisher, id -> Optional.empty());
    }

    @Autowired
    public AlertNormalizers(List<AlertNormalizer> normalizers, AlertFinisher finisher, CustomerRegistry customers) {
        this(normalizers, finisher, customers::find);
    }

    /** Built-in formats and the mappings of the customers {@code customers} finds (the operator's dry-run). */
    public AlertNormalizers(List<AlertNormalizer> normalizers, AlertFinisher finisher,
            Function<String, Optional<CustomerConfig>> customers) {
        this.byFormat = normalizers.stream()
                .collect(Collectors.toMap(AlertNormalizer::format, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("two normalizers for format \"" + a.format() + "\"");
                }, TreeMap::new));
        this.finisher = finisher;
        this.customers = customers;
    }

    public Delivery normalize(ParsedPayload payload) {
        String format = payload.raw().format();
        AlertNormalizer normalizer = byFormat.get(format);
        NormalizedPayload normalized;
        if (normalizer != null) {
            normalized = normalizeOrTest(normalizer, payload, format);
        } else {
            Optional<CustomerConfig> customer = customers.apply(payload.raw().customerId());
            IngestMapping mapping = customer.flatMap(c -> c.ingest().mapping(format)).orElseThrow(() ->
                    new ProblemException(404, "unknown_format", "Unknown alert format", "unknown format \"" + format
                            + "\" (known: " + String.join(", ", known(customer)) + ")"));
            normalized = MappedNormalizer.normalize(format, mapping, payload.json());
        }
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

    private java.util.Set<String> known(Optional<CustomerConfig> customer) {
        java.util.Set<String> known = new TreeSet<>(byFormat.keySet());
        customer.ifPresent(c -> known.addAll(c.ingest().mappings().keySet()));
        return known;
    }

    /** The formats the hub understands, sorted. */
    public java.util.Set<String> formats() {
        return byFormat.keySet();
    }
}
