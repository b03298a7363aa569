package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.sns.SnsMessage;
import io.alerthub.ingest.sns.VerifiedSnsMessage;
import io.alerthub.model.RawPayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.mockito.Mockito;

/**
 * Fuzz test for {@link SnsMessageNormalizer}: whatever a publisher on a verified topic puts in an SNS message's
 * {@code Message} (a CloudWatch alarm, an EventBridge event, plain text, or garbage) gives at most one alert or an
 * InvalidPayloadException, never another exception. In a plain build it replays the seeds in
 * SnsMessageNormalizerFuzzTestInputs/anyMessageBecomesAtMostOneAlert; JAZZER_FUZZ=1 fuzzes.
 */
class SnsMessageNormalizerFuzzTest {
    private static final CustomerRegistry CUSTOMERS = Mockito.mock(CustomerRegistry.class);
    private final SnsMessageNormalizer normalizer =
            new SnsMessageNormalizer(new AlertFinisher(new AlertClassifier(), CUSTOMERS), CUSTOMERS);

    @FuzzTest
    void anyMessageBecomesAtMostOneAlert(byte[] data) {
        String message = new String(data, StandardCharsets.UTF_8);
        RawPayload raw = new RawPayload("inbox-fuzz", "acme", "sns", "sns", "text/plain",
                Instant.parse("2026-12-07T00:00:00Z"), data);
        SnsMessage sns = new SnsMessage(SnsMessage.NOTIFICATION, "m-fuzz", "arn:aws:sns:ap-northeast-1:123456789012:t",
                "subject", message, "2026-12-07T00:00:00.000Z", "1", "sig", "https://sns.example/cert.pem", null, null,
                null);
        try {
            Delivery delivery = normalizer.normalize(new VerifiedSnsMessage(raw, sns));
            assertThat(delivery.alerts()).hasSizeLessThanOrEqualTo(1).allSatisfy(a -> {
                assertThat(a.status()).isNotNull();
                assertThat(a.fingerprint()).isNotBlank();
            });
        } catch (InvalidPayloadException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
