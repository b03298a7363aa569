package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A customer's ingest settings ({@code ingest:} in customer.yaml): the credentials accepted (any one suffices, so a
 * token can be rotated by listing old and new), an optional body-size limit replacing the hub's default, the
 * customer's own field mappings for senders no built-in format knows, and the labels a host may be read from.
 *
 * @param auth         the credentials a sender may present; any one suffices
 * @param maxBodyBytes the largest body accepted from this customer; left out: the hub's limit
 * @param mappings     the customer's own formats, by name: a JSONPath mapping of a sender's payload onto the common
 *                     alert format, posted to {@code /alerts/<name>} (docs/customer-config.md)
 * @param hostLabels   label names to take the host from when an alert names none (no {@code instance}/{@code host}),
 *                     in order, e.g. {@code [node, hostname]}; a value that is one of the customer's hosts or aliases
 *                     wins over one that is not
 */
public record IngestConfig(
        @NotEmpty(message = "must list at least one credential")
        @Valid List<@NotNull(message = "is required") IngestCredential> auth,
        @Positive(message = "must be positive, got %s") Long maxBodyBytes,
        @Valid Map<String, IngestMapping> mappings,
        List<@NotBlank(message = "is required") String> hostLabels) {

    public IngestConfig {
        auth = CustomerConfig.immutable(auth);
        // a LinkedHashMap keeps null values, so the check can name an empty entry
        mappings = mappings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
        hostLabels = CustomerConfig.immutable(hostLabels);
    }

    /** The customer's own body limit, when customer.yaml sets one. */
    public OptionalLong maxBodyBytesOverride() {
        return maxBodyBytes == null ? OptionalLong.empty() : OptionalLong.of(maxBodyBytes);
    }

    /** The customer's mapping for {@code format}, if it defines one. */
    public Optional<IngestMapping> mapping(String format) {
        return format == null ? Optional.empty() : Optional.ofNullable(mappings.get(format));
    }

    /** Reports every bad mapping (format name, JSONPath) under its path in customer.yaml. */
    void check(BiConsumer<String, String> add) {
        new TreeMap<>(mappings).forEach((format, mapping) ->
                IngestMapping.check(YamlPaths.child("ingest.mappings", format), format, mapping, add));
    }

    IngestConfig withAuth(List<IngestCredential> resolved) {
        return new IngestConfig(resolved, maxBodyBytes, mappings, hostLabels);
    }
}
