package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Alert;
import java.io.IOException;
import org.mockito.Mockito;

/**
 * Fuzz test: whatever JSON arrives as an EventBridge event (API destination), the normalizer returns drafts or throws
 * {@link InvalidPayloadException} — never a NullPointerException, ClassCastException or other crash. Runs the seeds
 * in {@code EventBridgeNormalizerFuzzTestInputs/} in a plain build; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class EventBridgeNormalizerFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The HTTP ingest bounds nesting the same way; deeper input never reaches a normalizer.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    /** Without a customer the registry is never asked: the event alone decides. */
    private final EventBridgeNormalizer normalizer = new EventBridgeNormalizer(Mockito.mock(CustomerRegistry.class));

    @FuzzTest
    void normalizeReturnsOrRejects(byte[] data) {
        JsonNode payload;
        try {
            payload = MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return; // not JSON: rejected before the normalizer
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (payload == null || payload.isMissingNode()) {
            return; // empty body
        }
        try {
            NormalizedPayload result = normalizer.normalize(payload);
            assertThat(result.alerts()).as("an event is never dropped").isNotEmpty();
            for (Alert a : result.alerts()) {
                assertThat(a.status()).isNotNull();
                assertThat(a.source().format()).isEqualTo(normalizer.format());
            }
        } catch (InvalidPayloadException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
