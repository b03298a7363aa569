package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.model.Alert;
import java.time.Duration;
import org.springframework.mock.env.MockEnvironment;

/**
 * Fuzz test: whatever JSON arrives as an EventBridge event (API destination), the normalizer returns drafts or throws
 * {@link InvalidPayloadException} — never a NullPointerException, ClassCastException or other crash. Runs the seeds
 * in {@code EventBridgeNormalizerFuzzTestInputs/} in a plain build; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class EventBridgeNormalizerFuzzTest {
    /** Without a customer the registry is never asked: the event alone decides. */
    private static final EventBridgeNormalizer NORMALIZER = new EventBridgeNormalizer(new CustomerRegistry(
            new CustomerRegistryProperties("src/test/resources/customers-fixtures/mappings-valid", Duration.ZERO),
            new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null));

    @FuzzTest
    void normalizeReturnsOrRejects(byte[] data) {
        JsonNode payload = FuzzJson.read(data);
        if (payload == null) {
            return; // refused by the ingest before any normalizer
        }
        try {
            NormalizedPayload result = NORMALIZER.normalize(payload);
            assertThat(result.alerts()).as("an event is never dropped").isNotEmpty();
            for (Alert a : result.alerts()) {
                assertThat(a.status()).isNotNull();
                assertThat(a.source().format()).isEqualTo(NORMALIZER.format());
            }
        } catch (InvalidPayloadException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
