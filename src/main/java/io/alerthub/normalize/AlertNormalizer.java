package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Normalize stage: turns one source format's parsed payload into drafts of the common alert format.
 * Implementations are Spring beans; {@link #format()} is the {@code {format}} path segment they serve.
 * They fill what the payload says and leave hub-assigned fields (id, customerId, receivedAt, rawRef) empty.
 */
public interface AlertNormalizer {

    /** The format name in {@code POST /api/v1/customers/{customerId}/alerts/{format}}. */
    String format();

    /**
     * Maps one payload; a payload may carry several alerts.
     *
     * @throws InvalidPayloadException when required fields are missing or have the wrong type
     */
    NormalizedPayload normalize(JsonNode payload);

    /**
     * Maps one payload sent for {@code customerId}; normalizers that read the customer's profile (host names,
     * mappings) override this, the others ignore the customer.
     */
    default NormalizedPayload normalize(JsonNode payload, String customerId) {
        return normalize(payload);
    }
}
