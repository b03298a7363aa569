package io.alerthub.ingest.sns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.support.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SNS endpoint end to end over real HTTP: real signed messages are accepted with their certificates
 * pre-provisioned and the clock set, CloudWatch ALARM/OK fold into one incident on the mapped host, every forged
 * variant gets 403 with nothing stored and nothing fetched, and subscriptions are confirmed or left for an operator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sns-ingest-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.customers.dir=src/test/resources/sns-customers",
        "alerthub.sns.trust-store-password=changeit"})
@ActiveProfiles("demo")
@AutoConfigureObservability
class SnsIngestIT {
    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:alarms";
    static final String PINNED_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-hubtest.pem";
    static final String EXPIRED_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-expired.pem";
    static final ObjectMapper JSON = new ObjectMapper();
    static final TestPki PKI = new TestPki();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final TestPki.Leaf LEAF = PKI.leaf("CN=sns.amazonaws.com", NOW.minusSeconds(86_400), NOW.plusSeconds(86_400 * 30));
    static final TestPki.Leaf EXPIRED = PKI.leaf("CN=sns.amazonaws.com", NOW.minusSeconds(86_400 * 30), NOW.minusSeconds(86_400));
    static final TestPki.StandIn STAND_IN;
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("sns-it");
            Path certs = Files.createDirectory(DIR.resolve("certs"));
            SnsVerifierTest.provision(certs);
            Files.writeString(certs.resolve("SimpleNotificationService-hubtest.pem"), LEAF.pem());
            Files.writeString(certs.resolve("SimpleNotificationService-expired.pem"), EXPIRED.pem());
            PKI.trustStore(DIR);
            STAND_IN = PKI.standIn();
            STAND_IN.serve("/SimpleNotificationService-fetched.pem", LEAF.pem());
            STAND_IN.serve("/", "<ConfirmSubscriptionResponse/>");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void sns(DynamicPropertyRegistry registry) {
        // AWS's hosts plus the HTTPS stand-in (set here: property strings in annotations would eat the backslashes)
        registry.add("alerthub.sns.allowed-hosts", () -> SnsProperties.AWS_HOSTS + "|localhost:\\d+");
        registry.add("alerthub.sns.certificate-dir", () -> DIR.resolve("certs").toString());
        registry.add("alerthub.sns.trust-store", () -> DIR.resolve("truststore.p12").toString());
    }

    @AfterAll
    static void stop() {
        STAND_IN.close();
    }

    @TestConfiguration
    static class ClockConfig {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(NOW);
        }
    }

    @Autowired
    SettableClock clock;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetClock() {
        clock.set(NOW);
    }

    @Test
    void realSignedMessagesAreAcceptedOnceWithTheirCertificatesProvisioned() throws Exception {
        clock.set(Instant.parse("2015-09-20T01:22:15Z"));
        String javaSdk = fixture("aws-sns/notification-sigv1-signed-javasdk.json");
        HttpResponse<String> first = post("acme", "Notification", javaSdk);
        HttpResponse<String> again = post("acme", "Notification", javaSdk);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("alertIds")).isEqualTo(JSON.readTree(first.body()).path("alertIds"));
        assertThat(JSON.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
        JsonNode text = alert(JSON.readTree(first.body()).path("alertIds").get(0).asText());
        assertThat(text.path("source").path("kind").asText()).isEqualTo("sns");
        assertThat(text.path("source").path("format").asText()).isEqualTo("sns-text");
        assertThat(text.path("description").asText()).isEqualTo("boo");

        clock.set(Instant.parse("2022-02-18T08:35:40Z"));
        HttpResponse<String> health = post("acme", "Notification",
                fixture("eventbridge-sns/sns-eventbridge-health-abuse-sigv1-cloudforet.json"));
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode event = alert(JSON.readTree(health.body()).path("alertIds").get(0).asText());
        assertThat(event.path("source").path("format").asText()).isEqualTo("eventbridge");
        assertThat(event.path("name").asText()).isEqualTo("AWS_ABUSE_COPYRIGHT_DMCA_REPORT");
        assertThat(event.path("resource").path("host").asText()).isEqualTo("i-abcd2222");
    }

    @Test
    void cloudWatchAlarmThenOkFireAndResolveOneIncidentOnTheMappedHost() throws Exception {
        String firing = post("acme", "Notification", notification(alarm("ALARM"), PINNED_URL, LEAF)).body();
        String resolved = post("acme", "Notification", notification(alarm("OK"), PINNED_URL, LEAF)).body();

        JsonNode a = alert(JSON.readTree(firing).path("alertIds").get(0).asText());
        JsonNode b = alert(JSON.readTree(resolved).path("alertIds").get(0).asText());
        assertThat(a.path("status").asText()).isEqualTo("firing");
        assertThat(b.path("status").asText()).isEqualTo("resolved");
        assertThat(a.path("resource").path("host").asText()).isEqualTo("web-1");
        assertThat(b.path("resource").path("host").asText()).isEqualTo("web-1");
        assertThat(a.path("fingerprint").asText()).isEqualTo("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-1-cpu");
        assertThat(b.path("incidentId").asText()).isEqualTo(a.path("incidentId").asText());
        JsonNode incident = get("/api/v1/incidents/" + a.path("incidentId").asText());
        assertThat(incident.path("state").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("alertCount").asInt()).isEqualTo(2);
    }

    @Test
    void forgedMessagesGet403AndNothingIsStoredOrFetched() throws Exception {
        int alertsBefore = alertCount();
        int fetchesBefore = STAND_IN.requests.size();
        ObjectNode good = (ObjectNode) JSON.readTree(notification(alarm("ALARM"), PINNED_URL, LEAF));
        ObjectNode tampered = good.deepCopy().put("Message", alarm("OK"));
        ObjectNode otherTopic = good.deepCopy().put("TopicArn", "arn:aws:sns:eu-west-1:123456789012:not-listed");
        int port = STAND_IN.server.getAddress().getPort();

        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("tampered", post("acme", "Notification", tampered.toString()));
        answers.put("type header disagrees", post("acme", "SubscriptionConfirmation", good.toString()));
        answers.put("unknown topic", post("acme", "Notification", otherTopic.toString()));
        answers.put("unknown customer", post("nobody", "Notification", good.toString()));
        answers.put("plain http cert url", post("acme", "Notification",
                notification(alarm("ALARM"), "http://localhost:" + port + "/SimpleNotificationService-fetched.pem", LEAF)));
        answers.put("foreign host", post("acme", "Notification",
                notification(alarm("ALARM"), "https://127.0.0.1:" + port + "/SimpleNotificationService-fetched.pem", LEAF)));
        answers.put("expired certificate", post("acme", "Notification", notification(alarm("ALARM"), EXPIRED_URL, EXPIRED)));
        answers.put("signed by another key", post("acme", "Notification",
                notification(alarm("ALARM"), PINNED_URL, EXPIRED)));

        answers.forEach((why, r) -> {
            assertThat(r.statusCode()).as(why + ": " + r.body()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).as(why).contains("application/problem+json");
        });
        assertThat(JSON.readTree(answers.get("unknown customer").body()))
                .isEqualTo(JSON.readTree(answers.get("unknown topic").body()));
        assertThat(JSON.readTree(answers.get("unknown customer").body()).has("detail")).isFalse();
        assertThat(alertCount()).isEqualTo(alertsBefore);
        assertThat(STAND_IN.requests.size()).isEqualTo(fetchesBefore);

        // anyone can forge these: they are counted, never stored (only a verified sender's refusals are kept)
        assertThat(get("/api/v1/rejected?customer=acme&limit=100").path("items").findValuesAsText("reason"))
                .doesNotContain("sns_signature_invalid", "sns_type_mismatch", "sns_topic_not_allowed",
                        "sns_cert_url_rejected", "sns_certificate_invalid");
        String metrics = http.send(HttpRequest.newBuilder(url("/actuator/prometheus")).header("Authorization", basic())
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("alerthub_ingest_rejected_total{channel=\"sns\",reason=\"sns_signature_invalid\"");
        assertThat(metrics).contains("alerthub_ingest_rejected_discarded_total{channel=\"sns\",customer=\"known\","
                + "reason=\"sns_signature_invalid\"");
    }

    @Test
    void subscriptionsToListedTopicsAreConfirmedOthersWaitForAnOperator() throws Exception {
        int port = STAND_IN.server.getAddress().getPort();
        String certUrl = "https://localhost:" + port + "/SimpleNotificationService-fetched.pem";
        String listedUrl = "https://localhost:" + port + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=t1";
        String otherTopic = "arn:aws:sns:eu-west-1:123456789012:later";
        String otherUrl = "https://localhost:" + port + "/?Action=ConfirmSubscription&TopicArn=" + otherTopic + "&Token=t2";

        HttpResponse<String> listed = post("acme", "SubscriptionConfirmation", confirmation(TOPIC, listedUrl, certUrl));
        HttpResponse<String> other = post("acme", "SubscriptionConfirmation", confirmation(otherTopic, otherUrl, certUrl));

        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).path("state").asText()).isEqualTo("CONFIRMED");
        // kept for an operator, but answered as an unknown customer would be, so a genuine signed confirmation
        // replayed to other customer ids does not tell which exist
        HttpResponse<String> unknown = post("nobody", "SubscriptionConfirmation", confirmation(otherTopic, otherUrl, certUrl));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(JSON.readTree(other.body())).isEqualTo(JSON.readTree(unknown.body()));
        assertThat(STAND_IN.requests).contains("/SimpleNotificationService-fetched.pem",
                "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=t1");
        assertThat(STAND_IN.requests).noneMatch(r -> r.contains("Token=t2"));

        JsonNode pending = get("/api/v1/sns/subscriptions?customer=acme&state=PENDING").path("items");
        assertThat(pending.findValuesAsText("topicArn")).containsExactly(otherTopic);
        assertThat(pending.get(0).has("subscribeUrl")).isFalse();
        HttpResponse<String> confirm = http.send(HttpRequest.newBuilder(
                        url("/api/v1/sns/subscriptions/" + pending.get(0).path("id").asText() + "/confirm"))
                .header("Authorization", basic()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(confirm.statusCode()).as("the topic must be listed first: " + confirm.body()).isEqualTo(409);
        assertThat(STAND_IN.requests).noneMatch(r -> r.contains("Token=t2"));
    }

    @Test
    void anUnknownCustomerGetsTheSameAnswerAsAKnownOne() throws Exception {
        // the request of hardening check 6: an unverifiable confirmation whose certificate lies on a foreign host
        String confirmation = "{\"Type\":\"SubscriptionConfirmation\",\"MessageId\":\"m-enum\",\"Token\":\"t\","
                + "\"TopicArn\":\"arn:aws:sns:ap-northeast-1:123456789012:acc\",\"Message\":\"confirm\","
                + "\"SubscribeURL\":\"https://sns.ap-northeast-1.amazonaws.com/?Action=ConfirmSubscription\","
                + "\"Timestamp\":\"" + NOW + "\",\"SignatureVersion\":\"1\",\"Signature\":\"AAAA\","
                + "\"SigningCertURL\":\"https://evil.example/cert.pem\"}";

        HttpResponse<String> known = post("acme", "SubscriptionConfirmation", confirmation);
        HttpResponse<String> unknown = post("nobody", "SubscriptionConfirmation", confirmation);

        assertThat(known.statusCode()).as(known.body()).isEqualTo(unknown.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(known.body())).as("the whole answer").isEqualTo(JSON.readTree(unknown.body()));
    }

    @Test
    void aMessageOlderThanTheMaximumAgeIsRefused() throws Exception {
        int alertsBefore = alertCount();
        HttpResponse<String> old = post("acme", "Notification",
                notification(alarm("ALARM"), PINNED_URL, LEAF, NOW.minusSeconds(3601)));
        HttpResponse<String> recent = post("acme", "Notification",
                notification(alarm("ALARM"), PINNED_URL, LEAF, NOW.minusSeconds(3500)));

        assertThat(old.statusCode()).as(old.body()).isEqualTo(403);
        assertThat(recent.statusCode()).as(recent.body()).isEqualTo(200);
        assertThat(alertCount()).isEqualTo(alertsBefore + 1);
        assertThat(get("/api/v1/rejected?customer=acme&limit=100").path("items").findValuesAsText("reason"))
                .contains("sns_message_too_old");
    }

    @Test
    void theMessageTypeIsNeverTakenFromTheQueryString() throws Exception {
        int alertsBefore = alertCount();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        url("/api/v1/customers/acme/sns?x-amz-sns-message-type=Notification"))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(notification(alarm("ALARM"), PINNED_URL, LEAF),
                        StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(alertCount()).isEqualTo(alertsBefore);
    }

    static String alarm(String state) {
        return "{\"AlarmName\":\"web-1-cpu\",\"AlarmDescription\":\"cpu high\",\"AWSAccountId\":\"123456789012\","
                + "\"NewStateValue\":\"" + state + "\",\"NewStateReason\":\"Threshold Crossed\","
                + "\"StateChangeTime\":\"2024-05-01T10:00:00.000+0000\",\"Region\":\"EU (Ireland)\","
                + "\"OldStateValue\":\"OK\",\"Trigger\":{\"MetricName\":\"CPUUtilization\",\"Namespace\":\"AWS/EC2\","
                + "\"Dimensions\":[{\"value\":\"i-0abc1234def567890\",\"name\":\"InstanceId\"}]}}";
    }

    static String notification(String message, String certUrl, TestPki.Leaf signer) {
        return notification(message, certUrl, signer, NOW);
    }

    static String notification(String message, String certUrl, TestPki.Leaf signer, Instant timestamp) {
        SnsMessage m = new SnsMessage("Notification", "msg-" + System.nanoTime(), TOPIC, "ALARM: web-1-cpu", message,
                timestamp.toString(), "2", null, certUrl, null, null, null);
        return toJson(m, TestPki.sign(m, signer.keys().getPrivate()));
    }

    static String confirmation(String topic, String subscribeUrl, String certUrl) {
        SnsMessage m = new SnsMessage("SubscriptionConfirmation", "msg-" + System.nanoTime(), topic, null,
                "You have chosen to subscribe to the topic " + topic, NOW.toString(), "1", null, certUrl, subscribeUrl,
                null, "token-" + System.nanoTime());
        return toJson(m, TestPki.sign(m, LEAF.keys().getPrivate()));
    }

    private static String toJson(SnsMessage m, String signature) {
        ObjectNode json = JSON.createObjectNode().put("Type", m.type()).put("MessageId", m.messageId())
                .put("TopicArn", m.topicArn()).put("Message", m.message()).put("Timestamp", m.timestamp())
                .put("SignatureVersion", m.signatureVersion()).put("Signature", signature)
                .put("SigningCertURL", m.signingCertUrl());
        if (m.subject() != null) {
            json.put("Subject", m.subject());
        }
        if (m.subscribeUrl() != null) {
            json.put("SubscribeURL", m.subscribeUrl()).put("Token", m.token());
        }
        return json.toString();
    }

    private static String fixture(String file) throws Exception {
        return Files.readString(SnsVerifierTest.CORPUS.resolve(file));
    }

    private HttpResponse<String> post(String customer, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer + "/sns"))
                .header("Content-Type", "text/plain; charset=UTF-8").header("x-amz-sns-message-type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int alertCount() throws Exception {
        return get("/api/v1/alerts?customer=acme&limit=500").path("items").size();
    }

    private JsonNode alert(String id) throws Exception {
        return get("/api/v1/alerts/" + id);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
