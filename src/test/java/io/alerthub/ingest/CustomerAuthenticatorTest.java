package io.alerthub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.store.Databases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * Ingest authentication as a sender meets it: customer "demo" takes a bearer token, customer "acme" an HMAC
 * signature or its own token (fixtures in customers-fixtures/auth).
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomerAuthenticatorTest {
    static final Instant NOW = Instant.parse("2025-06-01T09:00:00Z");
    static final byte[] BODY = "{\"status\":\"firing\",\"alerts\":[]}".getBytes(StandardCharsets.UTF_8);

    final CustomerRegistry registry = new CustomerRegistry(
            new CustomerRegistryProperties("src/test/resources/customers-fixtures/auth", Duration.ZERO),
            new MockEnvironment().withProperty("DEMO_TOKEN", "demo-token").withProperty("ACME_TOKEN", "acme-token")
                    .withProperty("ACME_HMAC", "acme-hmac-secret"),
            null, null);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final IngestAuthProperties PROPERTIES = new IngestAuthProperties(Duration.ofMinutes(5));
    final JdbcTemplate database = new JdbcTemplate(Databases.H2.migrated());
    final CustomerAuthenticator authenticator = new CustomerAuthenticator(registry, CLOCK, PROPERTIES,
            new HmacReplays(database, CLOCK, PROPERTIES));

    @Test
    void bearerTokenOfTheCustomerPasses() {
        assertPasses("demo", Map.of("Authorization", "Bearer demo-token"), BODY);
        assertPasses("demo", Map.of("Authorization", "bearer demo-token"), BODY);
        assertPasses("acme", Map.of("Authorization", "Bearer acme-token"), BODY);
    }

    @Test
    void wrongOrMissingBearerTokenIsRefused() {
        assertRefused("demo", Map.of("Authorization", "Bearer demo-token2"), BODY);
        assertRefused("demo", Map.of("Authorization", "Bearer "), BODY);
        assertRefused("demo", Map.of("Authorization", "Basic ZGVtbzpkZW1vLXRva2Vu"), BODY);
        assertRefused("demo", Map.of(), BODY);
    }

    @Test
    void anotherCustomersCredentialIsRefused() {
        assertRefused("acme", Map.of("Authorization", "Bearer demo-token"), BODY);
        assertRefused("demo", Map.of("Authorization", "Bearer acme-token"), BODY);
        assertRefused("demo", signed("acme-hmac-secret", NOW, BODY), BODY);
    }

    @Test
    void unknownCustomerIsRefusedEvenWithAValidTokenOfAnother() {
        assertRefused("nobody", Map.of("Authorization", "Bearer demo-token"), BODY);
        assertRefused(null, Map.of("Authorization", "Bearer demo-token"), BODY);
    }

    @Test
    void hmacSignatureOverTimestampDotBodyPasses() {
        Map<String, String> headers = signed("acme-hmac-secret", NOW, BODY);
        assertPasses("acme", headers, BODY);

        Map<String, String> prefixed = new HashMap<>(signed("acme-hmac-secret", NOW.minusSeconds(1), BODY));
        prefixed.put("X-AlertHub-Signature", "sha256=" + prefixed.get("X-AlertHub-Signature").toUpperCase());
        assertPasses("acme", prefixed, BODY);
    }

    @Test
    void theSameSignatureIsAcceptedOnceHoweverItIsWritten(CapturedOutput output) {
        Map<String, String> headers = signed("acme-hmac-secret", NOW, BODY);
        assertPasses("acme", headers, BODY);

        assertRefused("acme", headers, BODY);
        Map<String, String> prefixed = new HashMap<>(headers);
        prefixed.put("X-AlertHub-Signature", "sha256=" + headers.get("X-AlertHub-Signature").toUpperCase());
        assertRefused("acme", prefixed, BODY);
        assertThat(output).contains("ingest.auth[0] hmac: signature already used");
    }

    @Test
    void aReleasedSignatureMayBeSentAgain() {
        Map<String, String> headers = signed("acme-hmac-secret", NOW, BODY);
        HmacReplays replays = new HmacReplays(database, CLOCK, PROPERTIES);
        CustomerAuthenticator own = new CustomerAuthenticator(registry, CLOCK, PROPERTIES, replays);
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);

        replays.release(own.authenticate("acme", byName::get, BODY));

        assertThatCode(() -> own.authenticate("acme", byName::get, BODY)).doesNotThrowAnyException();
    }

    @Test
    void hmacWithWrongSecretOrAlteredBodyIsRefused() {
        assertRefused("acme", signed("another-secret", NOW, BODY), BODY);
        assertRefused("acme", signed("acme-hmac-secret", NOW, BODY), "{\"status\":\"resolved\"}".getBytes());

        Map<String, String> notHex = new HashMap<>(signed("acme-hmac-secret", NOW, BODY));
        notHex.put("X-AlertHub-Signature", "not-a-signature");
        assertRefused("acme", notHex, BODY);
    }

    @Test
    void hmacTimestampMustBeWithinFiveMinutesEitherWay() {
        assertPasses("acme", signed("acme-hmac-secret", NOW.minusSeconds(300), BODY), BODY);
        assertPasses("acme", signed("acme-hmac-secret", NOW.plusSeconds(300), BODY), BODY);
        assertRefused("acme", signed("acme-hmac-secret", NOW.minusSeconds(301), BODY), BODY);
        assertRefused("acme", signed("acme-hmac-secret", NOW.plusSeconds(301), BODY), BODY);
    }

    @Test
    void hmacWithoutItsHeadersOrWithAMalformedTimestampIsRefused() {
        Map<String, String> headers = signed("acme-hmac-secret", NOW, BODY);
        Map<String, String> noTimestamp = new HashMap<>(headers);
        noTimestamp.remove("X-AlertHub-Timestamp");
        assertRefused("acme", noTimestamp, BODY);

        Map<String, String> noSignature = new HashMap<>(headers);
        noSignature.remove("X-AlertHub-Signature");
        assertRefused("acme", noSignature, BODY);

        String millis = String.valueOf(NOW.toEpochMilli());
        Map<String, String> milliseconds = Map.of("X-AlertHub-Timestamp", millis,
                "X-AlertHub-Signature", hmacHex("acme-hmac-secret", millis, BODY));
        assertRefused("acme", milliseconds, BODY);
    }

    @Test
    void refusalCarriesNoDetailAndTheLogSaysWhyWithoutTheSecret(CapturedOutput output) {
        assertThatThrownBy(() -> authenticate("acme", Map.of("Authorization", "Bearer demo-token"), BODY))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("unauthorized");

        assertThat(output).contains("ingest authentication failed for customer \"acme\": "
                        + "ingest.auth[0] hmac: no X-AlertHub-Signature header; ingest.auth[1] bearer: token does not match")
                .doesNotContain("demo-token", "acme-token", "acme-hmac-secret");
    }

    @Test
    void aCustomerIdFromThePathThatIsNoIdIsNotWrittenToTheLog(CapturedOutput output) {
        assertRefused("x\nFAKE log line", Map.of(), BODY);

        assertThat(output).contains("ingest authentication failed for customer (malformed id): unknown customer")
                .doesNotContain("FAKE log line");
    }

    private void assertPasses(String customer, Map<String, String> headers, byte[] body) {
        assertThatCode(() -> authenticate(customer, headers, body)).as("%s %s", customer, headers)
                .doesNotThrowAnyException();
    }

    private void assertRefused(String customer, Map<String, String> headers, byte[] body) {
        assertThatThrownBy(() -> authenticate(customer, headers, body)).as("%s %s", customer, headers)
                .isInstanceOf(UnauthorizedException.class);
    }

    private void authenticate(String customer, Map<String, String> headers, byte[] body) {
        // header names ignore case, as HTTP and Camel headers do
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        Function<String, String> header = byName::get;
        authenticator.authenticate(customer, header, body);
    }

    private static Map<String, String> signed(String secret, Instant at, byte[] body) {
        String timestamp = String.valueOf(at.getEpochSecond());
        return Map.of("X-AlertHub-Timestamp", timestamp, "X-AlertHub-Signature", hmacHex(secret, timestamp, body));
    }

    private static String hmacHex(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
