package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.ingest.ParsedPayload;
import io.alerthub.model.Alert;
import io.alerthub.model.RawPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.mock.env.MockEnvironment;

/**
 * Fuzz test for a customer's own formats (ingest.mappings): whatever JSON a mapped sender posts, the hub makes alerts
 * of it (a payload the mapping cannot read becomes one a person reads) or refuses it with
 * {@link InvalidPayloadException} — never another exception. Odd-length inputs go through the Uptime Kuma mapping,
 * even-length ones through Site24x7's, both from {@code customers-fixtures/mappings-valid}. Seeds in
 * {@code MappedNormalizerFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class MappedNormalizerFuzzTest {
    private static final CustomerRegistry CUSTOMERS = new CustomerRegistry(new CustomerRegistryProperties(
            "src/test/resources/customers-fixtures/mappings-valid", Duration.ZERO),
            new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
    private static final AlertNormalizers NORMALIZERS = new AlertNormalizers(List.of(new GenericNormalizer()),
            new AlertFinisher(new AlertClassifier(), CUSTOMERS), CUSTOMERS);

    @FuzzTest
    void mappedFormatsReturnAlertsOrReject(byte[] data) {
        JsonNode payload = FuzzJson.read(data);
        if (payload == null) {
            return; // refused by the ingest before any normalizer
        }
        String format = data.length % 2 == 1 ? "uptime-kuma" : "site24x7";
        RawPayload raw = new RawPayload("raw-fuzz", "acme", "webhook", format, "application/json", Instant.EPOCH, data);
        try {
            Delivery d = NORMALIZERS.normalize(new ParsedPayload(raw, payload));
            assertThat(d.alerts()).as("a mapped payload is never dropped").isNotEmpty();
            for (Alert a : d.alerts()) {
                assertThat(a.status()).isNotNull();
                assertThat(a.customerId()).isEqualTo("acme");
            }
        } catch (InvalidPayloadException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
