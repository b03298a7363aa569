package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A resolved secret can be checked but never shown. */
class SecretTest {
    final Secret token = Secret.reference("DEMO_TOKEN", null).resolved("demo-token".getBytes(StandardCharsets.UTF_8));

    @Test
    void printsAsPlaceholderAndNamesOnlyItsSource() {
        assertThat(token).hasToString("<secret>");
        assertThat(String.valueOf(token)).doesNotContain("demo-token");
        assertThat(token.source()).isEqualTo("env DEMO_TOKEN");
        assertThat(Secret.reference(null, "/run/secrets/acme-hmac").source()).isEqualTo("file /run/secrets/acme-hmac");
    }

    @Test
    void aLoadedProfilePrintsWithoutItsSecrets() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                CustomerRegistryTest.FIXTURES.resolve("valid").toString(), Duration.ZERO),
                CustomerRegistryTest.environment(), null, null);

        String printed = registry.all().toString();

        assertThat(printed).contains("BearerCredential[token=<secret>]", "HmacCredential[secret=<secret>")
                .doesNotContain("acme-token", "bravo-token", "acme-hmac-secret");
    }

    @Test
    void matchesOnlyTheExactValue() {
        assertThat(token.matches("demo-token")).isTrue();
        assertThat(token.matches("demo-token ")).isFalse();
        assertThat(token.matches("demo-toke")).isFalse();
        assertThat(token.matches((String) null)).isFalse();
    }

    @Test
    void bytesAreACopy() {
        byte[] first = token.bytes();
        first[0] = 'X';
        assertThat(token.bytes()).isEqualTo("demo-token".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUnresolvedReferenceHasNoValue() {
        Secret reference = Secret.reference("DEMO_TOKEN", null);
        assertThat(reference.isResolved()).isFalse();
        assertThatThrownBy(reference::bytes).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret from env DEMO_TOKEN is not resolved");
    }

    @Test
    void equalWhenSourceAndValueAreEqualSoARotatedValueCountsAsAChange() {
        Secret same = Secret.reference("DEMO_TOKEN", null).resolved("demo-token".getBytes(StandardCharsets.UTF_8));
        Secret rotated = Secret.reference("DEMO_TOKEN", null).resolved("new-token".getBytes(StandardCharsets.UTF_8));
        assertThat(token).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(rotated);
        assertThat(token.hashCode()).isEqualTo(rotated.hashCode());
    }

    @Test
    void aFileSecretLosesOnlyItsFinalNewlines() throws Exception {
        Path folder = CustomerRegistryTest.FIXTURES.resolve("valid/acme");
        Secret secret = new SecretResolver(CustomerRegistryTest.environment())
                .resolve(Secret.reference(null, "hmac.secret"), folder);
        assertThat(secret.bytes()).isEqualTo("acme-hmac-secret".getBytes(StandardCharsets.UTF_8));
    }
}
