package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PagerDuty v3 webhooks as they arrive: signature header with one or several {@code v1=} signatures, secrets being
 * rotated, tampered bodies, and the acknowledgement or resolution read out of an authentic delivery.
 */
class PagerDutyWebhookVerifierTest {
    private static final byte[] NEW_SECRET = "pd-secret-new".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD_SECRET = "pd-secret-old".getBytes(StandardCharsets.UTF_8);
    /** HMAC-SHA256 of the acknowledged fixture under each secret, computed outside Java (Python's hmac module). */
    private static final String NEW_SIGNATURE = "aa1815344d72e84bbb4b620bf1ad2f0972e7eda0e771e878d81d8733e6515fbc";
    private static final String OLD_SIGNATURE = "c785e83c440358cba2bbadf9b11d22d1c9e6dc6bd802b0ab7cfdb320b9a6f435";
    private static final String OTHER_SIGNATURE = "0000000000000000000000000000000000000000000000000000000000000000";
    private static final String OTHER_SIGNATURE_62 = "00000000000000000000000000000000000000000000000000000000000000";

    private static byte[] acknowledged() throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/fixtures/pagerduty/webhook-v3-incident-acknowledged.json"));
    }

    /** The {@code X-PagerDuty-Signature} value PagerDuty sends for {@code body} signed with {@code secret}. */
    static String sign(byte[] secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static PagerDutyWebhookVerifier verifier(byte[]... secrets) {
        return new PagerDutyWebhookVerifier(List.of(secrets));
    }

    @Test
    void anAcknowledgementSignedWithTheSecretIsReadOut() throws Exception {
        Optional<PagerDutyWebhookVerifier.Event> event = verifier(NEW_SECRET)
                .verifyAndParse(acknowledged(), "v1=" + NEW_SIGNATURE);

        assertThat(event).contains(new PagerDutyWebhookVerifier.Event("01DEN6UJYRVVVSPGFIH5X1TJAH",
                PagerDutyWebhookVerifier.Type.ACKNOWLEDGED, "inc-42", "PGR0VU2", "山田 太郎",
                Instant.parse("2026-11-25T03:20:11.123Z")));
    }

    @Test
    void pagerDutySigningWithOldAndNewSecretsMatchesWhicheverWeHold() throws Exception {
        String header = "v1=" + OLD_SIGNATURE + ",v1=" + NEW_SIGNATURE;

        assertThat(verifier(NEW_SECRET).verify(acknowledged(), header)).isTrue();
        assertThat(verifier(OLD_SECRET).verify(acknowledged(), header)).isTrue();
    }

    @Test
    void whileWeRotateEitherConfiguredSecretIsAccepted() throws Exception {
        PagerDutyWebhookVerifier rotating = verifier(NEW_SECRET, OLD_SECRET);

        assertThat(rotating.verify(acknowledged(), "v1=" + OLD_SIGNATURE)).isTrue();
        assertThat(rotating.verify(acknowledged(), "v1=" + NEW_SIGNATURE)).isTrue();
        assertThat(rotating.verify(acknowledged(), " v1=" + OTHER_SIGNATURE + " , v1=" + NEW_SIGNATURE + " ")).isTrue();
    }

    @Test
    void aSignatureByAnotherSecretIsRejected() throws Exception {
        PagerDutyWebhookVerifier verifier = verifier(NEW_SECRET);

        assertThat(verifier.verify(acknowledged(), "v1=" + OTHER_SIGNATURE)).isFalse();
        assertThatThrownBy(() -> verifier.verifyAndParse(acknowledged(), "v1=" + OLD_SIGNATURE))
                .isInstanceOf(PagerDutyWebhookVerifier.Rejected.class)
                .hasMessage("no valid signature in X-PagerDuty-Signature")
                .satisfies(e -> assertThat(((PagerDutyWebhookVerifier.Rejected) e).badSignature()).isTrue());
    }

    @Test
    void aBodyChangedByOneByteIsRejected() throws Exception {
        byte[] tampered = new String(acknowledged(), StandardCharsets.UTF_8).replace("inc-42", "inc-43")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(verifier(NEW_SECRET).verify(tampered, "v1=" + NEW_SIGNATURE)).isFalse();
    }

    @Test
    void aMissingHeaderIsRejected() {
        assertThatThrownBy(() -> verifier(NEW_SECRET).verifyAndParse(acknowledged(), null))
                .isInstanceOf(PagerDutyWebhookVerifier.Rejected.class)
                .hasMessage("missing X-PagerDuty-Signature header");
    }

    @ParameterizedTest(name = "header \"{0}\"")
    @ValueSource(strings = {"v0=" + NEW_SIGNATURE, NEW_SIGNATURE, "v1=zz" + OTHER_SIGNATURE_62,
        "v1=" + "aa18153", "v1=", ",,,", "sha256=" + NEW_SIGNATURE})
    void malformedOrOtherVersionSignaturesNeverMatch(String header) throws Exception {
        assertThat(verifier(NEW_SECRET).verify(acknowledged(), header)).isFalse();
    }

    @Test
    void onlyTheFirstTenSignaturesOfAHeaderAreTried() throws Exception {
        String header = (("v1=" + OTHER_SIGNATURE + ",").repeat(PagerDutyWebhookVerifier.MAX_SIGNATURES))
                + "v1=" + NEW_SIGNATURE;

        assertThat(verifier(NEW_SECRET).verify(acknowledged(), header)).isFalse();
    }

    @Test
    void aResolutionByPagerDutyItselfNamesPagerDutyAsWho() throws Exception {
        byte[] body = """
                {"event":{"id":"E2","event_type":"incident.resolved","resource_type":"incident",
                 "occurred_at":"2026-11-25T04:00:00Z","agent":null,"client":null,
                 "data":{"id":"PGR0VU2","type":"incident","status":"resolved","incident_key":"inc-42"}}}"""
                .getBytes(StandardCharsets.UTF_8);

        Optional<PagerDutyWebhookVerifier.Event> event = verifier(NEW_SECRET).verifyAndParse(body,
                sign(NEW_SECRET, body));

        assertThat(event).hasValueSatisfying(e -> {
            assertThat(e.type()).isEqualTo(PagerDutyWebhookVerifier.Type.RESOLVED);
            assertThat(e.incidentKey()).isEqualTo("inc-42");
            assertThat(e.who()).isEqualTo("pagerduty");
        });
    }

    @ParameterizedTest(name = "{0} is authentic but of no interest")
    @ValueSource(strings = {"incident.triggered", "incident.annotated", "pagey.ping", "service.updated"})
    void otherEventTypesAreIgnored(String eventType) throws Exception {
        byte[] body = ("{\"event\":{\"id\":\"E3\",\"event_type\":\"" + eventType + "\",\"data\":{}}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(verifier(NEW_SECRET).verifyAndParse(body, sign(NEW_SECRET, body))).isEmpty();
    }

    @Test
    void anAuthenticBodyThatIsNotAV3WebhookIsRejectedAsMalformed() throws Exception {
        byte[] notJson = "event=incident.resolved".getBytes(StandardCharsets.UTF_8);
        byte[] noKey = "{\"event\":{\"event_type\":\"incident.resolved\",\"data\":{\"id\":\"P1\"}}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier(NEW_SECRET).verifyAndParse(notJson, sign(NEW_SECRET, notJson)))
                .hasMessage("body is not json")
                .satisfies(e -> assertThat(((PagerDutyWebhookVerifier.Rejected) e).badSignature()).isFalse());
        assertThatThrownBy(() -> verifier(NEW_SECRET).verifyAndParse(noKey, sign(NEW_SECRET, noKey)))
                .hasMessage("missing key \"event.data.incident_key\" in incident.resolved");
    }

    @Test
    void aVerifierNeedsASecret() {
        assertThatThrownBy(() -> new PagerDutyWebhookVerifier(List.of()))
                .hasMessage("pagerduty webhook verifier needs at least one signing secret");
        assertThatThrownBy(() -> new PagerDutyWebhookVerifier(List.of(new byte[0])))
                .hasMessage("pagerduty webhook signing secret is empty");
    }
}
