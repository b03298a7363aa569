package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.OptionalLong;

/**
 * A customer's ingest settings ({@code ingest:} in customer.yaml): the credentials accepted (any one suffices, so a
 * token can be rotated by listing old and new) and an optional body-size limit replacing the hub's default.
 */
public record IngestConfig(
        @NotEmpty(message = "must list at least one credential")
        @Valid List<@NotNull(message = "is required") IngestCredential> auth,
        @Positive(message = "must be positive, got %s") Long maxBodyBytes) {

    public IngestConfig {
        auth = CustomerConfig.immutable(auth);
    }

    /** The customer's own body limit, when customer.yaml sets one. */
    public OptionalLong maxBodyBytesOverride() {
        return maxBodyBytes == null ? OptionalLong.empty() : OptionalLong.of(maxBodyBytes);
    }

    IngestConfig withAuth(List<IngestCredential> resolved) {
        return new IngestConfig(resolved, maxBodyBytes);
    }
}
