package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import java.io.IOException;

/**
 * Fuzz test: whatever JSON arrives as a Google Cloud Monitoring webhook, the normalizer returns drafts or throws
 * {@link InvalidPayloadException} — never a NullPointerException, ClassCastException or other crash. Runs the seeds
 * in {@code GcpMonitoringNormalizerFuzzTestInputs/} in a plain {@code mvn test}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class GcpMonitoringNormalizerFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The HTTP ingest bounds nesting the same way; deeper input never reaches a normalizer.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private final GcpMonitoringNormalizer normalizer = new GcpMonitoringNormalizer();

    @FuzzTest
    void normalizeReturnsOrRejects(byte[] data) {
        JsonNode payload;
        try {
            payload = MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return; // not JSON: rejected before the normalizer
        } catch (IOException e) {
            // bytes Jackson cannot even decode (an invalid UTF-32 sequence): the ingest answers 400 for them too
            // (PayloadReader), so they never reach a normalizer
            return;
        }
        if (payload == null || payload.isMissingNode()) {
            return; // empty body
        }
        try {
            NormalizedPayload result = normalizer.normalize(payload);
            for (Alert a : result.alerts()) {
                assertThat(a.status()).isNotNull();
                assertThat(a.source().format()).isEqualTo(normalizer.format());
            }
        } catch (InvalidPayloadException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
