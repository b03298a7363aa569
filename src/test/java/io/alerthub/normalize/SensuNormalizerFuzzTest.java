package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Fuzz test for {@link SensuNormalizer}: any JSON a sender could post gives alert drafts or an
 * InvalidPayloadException, never another exception. In a plain build it replays the seeds in
 * SensuNormalizerFuzzTestInputs/normalizeNeverFailsUnexpectedly; JAZZER_FUZZ=1 fuzzes.
 */
class SensuNormalizerFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build());
    private final SensuNormalizer normalizer = new SensuNormalizer();

    @FuzzTest
    void normalizeNeverFailsUnexpectedly(byte[] data) {
        JsonNode payload;
        try {
            payload = MAPPER.readTree(data);
        } catch (IOException notJson) {
            return;
        }
        try {
            NormalizedPayload result = normalizer.normalize(payload);
            assertThat(result.alerts()).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).isNotNull();
                assertThat(a.source().format()).isEqualTo("sensu");
            });
        } catch (InvalidPayloadException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
