package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;

/**
 * Fuzz test: whatever JSON arrives as a Mackerel webhook, the normalizer returns drafts or throws
 * {@link InvalidPayloadException} — never a NullPointerException, ClassCastException or other crash. Runs the seeds
 * in {@code MackerelNormalizerFuzzTestInputs/} in a plain {@code mvn test}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class MackerelNormalizerFuzzTest {
    private final MackerelNormalizer normalizer = new MackerelNormalizer();

    @FuzzTest
    void normalizeReturnsOrRejects(byte[] data) {
        JsonNode payload = FuzzJson.read(data);
        if (payload == null) {
            return; // refused by the ingest before any normalizer
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
