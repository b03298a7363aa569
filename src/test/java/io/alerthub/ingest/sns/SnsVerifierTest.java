package io.alerthub.ingest.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SNS signature verification as AWS documents it: the real signed corpus messages verify with their certificates
 * pre-provisioned and the clock inside each certificate's validity; certificates fetched from an HTTPS stand-in must
 * chain to the configured trust store; every forged variant is refused, and nothing is fetched for a URL that
 * breaks the rules.
 */
class SnsVerifierTest {
    static final Path CORPUS = Path.of("src/test/resources/fixtures");
    static final String JAVA_SDK_PEM = "SimpleNotificationService-bb750dd426d95ee9390147a5624348ee.pem";
    static final String RUBY_SDK_PEM = "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    static final ObjectMapper JSON = new ObjectMapper();
    static TestPki pki;
    TestPki.StandIn standIn;

    @TempDir
    Path temp;

    @BeforeAll
    static void createPki() {
        pki = new TestPki();
    }

    @AfterEach
    void stopStandIn() {
        if (standIn != null) {
            standIn.close();
        }
    }

    /** The corpus certificates under the file names of the URLs that name them. */
    static Path provision(Path dir) throws Exception {
        Files.copy(CORPUS.resolve("aws-sns/notification-sigv1-signed-javasdk.cert.pem"), dir.resolve(JAVA_SDK_PEM));
        Files.copy(CORPUS.resolve("aws-sns/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.rubysdk.pem"),
                dir.resolve(RUBY_SDK_PEM));
        return dir;
    }

    static SnsMessage corpus(String file) throws Exception {
        return SnsMessage.of(JSON.readTree(CORPUS.resolve(file).toFile()));
    }

    private SnsVerifier verifier(String allowedHosts, Path certificateDir, Path trustStore, Instant now) {
        SnsProperties properties = new SnsProperties(allowedHosts, certificateDir, trustStore,
                trustStore == null ? null : "changeit", null, Duration.ofSeconds(2), Duration.ofSeconds(5), null, null, null, null);
        SnsTrust trust = new SnsTrust(properties);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new SnsVerifier(new SnsCertificates(properties, trust, new SnsHttp(properties, trust), clock), properties, clock);
    }

    private SnsVerifier provisioned(Instant now) throws Exception {
        return verifier(null, provision(temp), null, now);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "aws-sns/notification-sigv1-signed-javasdk.json, 2015-09-20T01:22:15Z",
            "aws-sns/notification-sigv1-signed-rubysdk.json, 2022-07-28T21:24:00Z",
            "aws-sns/notification-sigv2-signed-rubysdk.json, 2022-07-28T21:24:10Z",
            "eventbridge-sns/sns-eventbridge-health-abuse-sigv1-cloudforet.json, 2022-02-18T08:35:40Z"})
    void realSignedMessagesVerifyWithProvisionedCertificates(String file, Instant now) throws Exception {
        provisioned(now).verify(corpus(file));
    }

    @Test
    void aTamperedMessageIsRefused() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(CORPUS.resolve("aws-sns/notification-sigv2-signed-rubysdk.json").toFile());
        json.put("Message", "Hello world!");
        assertRejected(() -> provisioned(Instant.parse("2022-07-28T21:24:10Z")).verify(SnsMessage.of(json)),
                "sns_signature_invalid");
    }

    @Test
    void reorderedKeysStillVerifyButSwappedValuesDoNot() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(CORPUS.resolve("aws-sns/notification-sigv1-signed-javasdk.json").toFile());
        ObjectNode reordered = JSON.createObjectNode();
        java.util.List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, json.get(n)));
        SnsVerifier verifier = provisioned(Instant.parse("2015-09-20T01:22:15Z"));
        verifier.verify(SnsMessage.of(reordered));

        ObjectNode swapped = json.deepCopy();
        swapped.put("Subject", json.get("Message").asText());
        swapped.put("Message", json.get("Subject").asText());
        assertRejected(() -> verifier.verify(SnsMessage.of(swapped)), "sns_signature_invalid");
    }

    @Test
    void aProvisionedCertificateOutsideItsValidityIsRefused() throws Exception {
        SnsMessage message = corpus("aws-sns/notification-sigv1-signed-javasdk.json");
        assertRejected(() -> provisioned(Instant.parse("2026-01-01T00:00:00Z")).verify(message), "sns_certificate_invalid");
    }

    @Test
    void aCertificateFromTheStandInMustChainToTheTrustStoreAndIsFetchedOnce() throws Exception {
        standIn = pki.standIn();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestPki.Leaf leaf = pki.leaf("CN=sns.amazonaws.com", now.minusSeconds(3600), now.plusSeconds(86_400));
        standIn.serve("/SimpleNotificationService-good.pem", leaf.pem());
        SnsVerifier verifier = verifier("localhost:\\d+", null, pki.trustStore(temp), now);

        for (String version : new String[] {"1", "2"}) {
            verifier.verify(signed(version, standIn.url("/SimpleNotificationService-good.pem"), now, leaf));
        }
        assertThat(standIn.requests).containsExactly("/SimpleNotificationService-good.pem");
    }

    @Test
    void aCertificateWithoutAChainToTheTrustStoreIsRefused() throws Exception {
        standIn = pki.standIn();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestPki.Leaf rogue = TestPki.selfSigned("CN=sns.amazonaws.com", now.minusSeconds(3600), now.plusSeconds(86_400));
        standIn.serve("/SimpleNotificationService-rogue.pem", rogue.pem());
        SnsVerifier verifier = verifier("localhost:\\d+", null, pki.trustStore(temp), now);

        assertRejected(() -> verifier.verify(signed("1", standIn.url("/SimpleNotificationService-rogue.pem"), now, rogue)),
                "sns_certificate_untrusted");
    }

    @Test
    void anExpiredOrMisnamedCertificateIsRefused() throws Exception {
        standIn = pki.standIn();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestPki.Leaf expired = pki.leaf("CN=sns.amazonaws.com", now.minusSeconds(86_400), now.minusSeconds(3600));
        TestPki.Leaf misnamed = pki.leaf("CN=sns.evil.example", now.minusSeconds(3600), now.plusSeconds(86_400));
        standIn.serve("/SimpleNotificationService-expired.pem", expired.pem());
        standIn.serve("/SimpleNotificationService-misnamed.pem", misnamed.pem());
        SnsVerifier verifier = verifier("localhost:\\d+", null, pki.trustStore(temp), now);

        assertRejected(() -> verifier.verify(signed("1", standIn.url("/SimpleNotificationService-expired.pem"),
                now.minusSeconds(7200), expired)), "sns_certificate_untrusted");
        assertRejected(() -> verifier.verify(signed("1", standIn.url("/SimpleNotificationService-misnamed.pem"), now,
                misnamed)), "sns_certificate_invalid");
    }

    @Test
    void anExpiredProvisionedCertificateIsRefusedAtTheMessageTimestamp() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestPki.Leaf expired = pki.leaf("CN=sns.amazonaws.com", now.minusSeconds(86_400), now.minusSeconds(3600));
        Files.writeString(temp.resolve("SimpleNotificationService-expired.pem"), expired.pem());
        SnsVerifier verifier = verifier(null, temp, null, now);
        assertRejected(() -> verifier.verify(signed("2",
                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-expired.pem", now, expired)),
                "sns_certificate_invalid");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "plain http,       http://localhost:{port}/SimpleNotificationService-good.pem",
            "foreign host,     https://127.0.0.1:{port}/SimpleNotificationService-good.pem",
            "lookalike host,   https://localhost.evil.example:{port}/SimpleNotificationService-good.pem",
            "user info,        https://x@localhost:{port}/SimpleNotificationService-good.pem",
            "not a pem,        https://localhost:{port}/?Action=Unsubscribe",
            "path traversal,   https://localhost:{port}/../SimpleNotificationService-good.pem"})
    void aCertificateUrlBreakingTheRulesIsNeverFetched(String why, String url) throws Exception {
        standIn = pki.standIn();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestPki.Leaf leaf = pki.leaf("CN=sns.amazonaws.com", now.minusSeconds(3600), now.plusSeconds(86_400));
        standIn.serve("/SimpleNotificationService-good.pem", leaf.pem());
        SnsVerifier verifier = verifier("localhost:\\d+", null, pki.trustStore(temp), now);
        String certUrl = url.replace("{port}", String.valueOf(standIn.server.getAddress().getPort()));

        assertRejected(() -> verifier.verify(signed("1", certUrl, now, leaf)), "sns_cert_url_rejected");
        assertThat(standIn.requests).as(why).isEmpty();
    }

    @Test
    void theDefaultHostRuleAcceptsOnlyAwsSnsEndpoints() {
        java.util.regex.Pattern aws = java.util.regex.Pattern.compile(SnsProperties.AWS_HOSTS);
        assertThat(aws.matcher("sns.us-east-1.amazonaws.com").matches()).isTrue();
        assertThat(aws.matcher("sns.cn-north-1.amazonaws.com.cn").matches()).isTrue();
        assertThat(aws.matcher("sns.us-gov-west-1.amazonaws.com").matches()).isTrue();
        assertThat(aws.matcher("sns.us-east-1.amazonaws.com.evil.example").matches()).isFalse();
        assertThat(aws.matcher("sns.us-east-1.amazonaws.com:8443").matches()).isFalse();
        assertThat(aws.matcher("evil.example").matches()).isFalse();
    }

    @Test
    void theStringToSignFollowsAwsOrder() {
        SnsMessage notification = new SnsMessage("Notification", "id-1", "arn:aws:sns:us-east-1:123456789012:t", null,
                "hello", "2024-01-01T00:00:00.000Z", "1", null, null, null, null, null);
        assertThat(new String(notification.stringToSign(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "Message\nhello\nMessageId\nid-1\nTimestamp\n2024-01-01T00:00:00.000Z\n"
                        + "TopicArn\narn:aws:sns:us-east-1:123456789012:t\nType\nNotification\n");
        SnsMessage confirmation = new SnsMessage("SubscriptionConfirmation", "id-2", "arn:t", null, "m",
                "2024-01-01T00:00:00.000Z", "1", null, null, "https://sns.us-east-1.amazonaws.com/?a=b", null, "tok");
        assertThat(new String(confirmation.stringToSign(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "Message\nm\nMessageId\nid-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/?a=b\n"
                        + "Timestamp\n2024-01-01T00:00:00.000Z\nToken\ntok\nTopicArn\narn:t\nType\nSubscriptionConfirmation\n");
    }

    /** A notification signed with {@code leaf}'s key, naming {@code certUrl}. */
    static SnsMessage signed(String version, String certUrl, Instant timestamp, TestPki.Leaf leaf) {
        SnsMessage unsigned = new SnsMessage("Notification", "msg-" + System.nanoTime(),
                "arn:aws:sns:eu-west-1:123456789012:alerts", "subject", "{\"hello\": \"world\"}", timestamp.toString(),
                version, null, certUrl, null, null, null);
        return new SnsMessage(unsigned.type(), unsigned.messageId(), unsigned.topicArn(), unsigned.subject(),
                unsigned.message(), unsigned.timestamp(), version, TestPki.sign(unsigned, leaf.keys().getPrivate()),
                certUrl, null, null, null);
    }

    static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(SnsRejection.class)
                .satisfies(e -> assertThat(((SnsRejection) e).reason()).as(e.getMessage()).isEqualTo(reason))
                .satisfies(e -> assertThat(((SnsRejection) e).status()).isEqualTo(403));
    }
}
