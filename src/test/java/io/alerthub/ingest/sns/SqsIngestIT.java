package io.alerthub.ingest.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.alerthub.support.SettableClock;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS alternative to the SNS endpoint against a real SQS server (ElasticMQ, in process): customer acme's queue
 * carries SNS envelopes (verified), customer bravo's raw messages. CloudWatch ALARM/OK through either queue fire and
 * resolve one incident on the mapped host; a message leaves the queue only once the inbox has committed it, and one
 * that comes back is stored once; forged envelopes and unsigned JSON are kept in the rejected store, never stored as
 * alerts; a body that is no JSON at all still becomes an alert of class unknown; queues follow the customer files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sqs-ingest-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.customers.reload-interval=300ms",
        "SQS_IT_ACME_TOKEN=acme-token", "SQS_IT_BRAVO_TOKEN=bravo-token", "SQS_IT_CAROL_TOKEN=carol-token",
        "SQS_IT_KEY_ID=test-key", "SQS_IT_SECRET=test-secret"})
@ActiveProfiles("demo")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsIngestIT {
    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:alarms";
    static final String PINNED_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-hubtest.pem";
    static final String ALARM_ARN = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:web-1-cpu";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final TestPki.Leaf LEAF = new TestPki().leaf("CN=sns.amazonaws.com", NOW.minusSeconds(86_400),
            NOW.plusSeconds(86_400 * 30));
    static final int PORT;
    static final SQSRestServer SERVER;
    static final SqsClient SQS;
    static final String ACME_QUEUE;
    static final String BRAVO_QUEUE;
    static final String CAROL_QUEUE;
    static final Path DIR;

    static {
        try (ServerSocket probe = new ServerSocket(0)) {
            PORT = probe.getLocalPort();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        SERVER = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(PORT)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", PORT, "")).start();
        SERVER.waitUntilStarted();
        SQS = SqsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create("http://127.0.0.1:" + PORT))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        ACME_QUEUE = SQS.createQueue(r -> r.queueName("acme-alerts")).queueUrl();
        BRAVO_QUEUE = SQS.createQueue(r -> r.queueName("bravo-alerts")).queueUrl();
        CAROL_QUEUE = SQS.createQueue(r -> r.queueName("carol-alerts")).queueUrl();
        try {
            DIR = Files.createTempDirectory("sqs-it");
            Path certs = Files.createDirectory(DIR.resolve("certs"));
            SnsVerifierTest.provision(certs);
            Files.writeString(certs.resolve("SimpleNotificationService-hubtest.pem"), LEAF.pem());
            writeCustomer("acme", acme());
            writeCustomer("bravo", bravo());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** SNS envelopes, queue named by URL; the topics of the test's own alarms and of a real signed sample. */
    static String acme() {
        return """
                id: acme
                name: ACME on AWS (SQS)
                ingest:
                  auth:
                    - type: bearer
                      token: { env: SQS_IT_ACME_TOKEN }
                hosts:
                  - id: web-1
                sns:
                  topics:
                    - arn:aws:sns:us-east-1:810605503585:just_testing
                    - %s
                  hostMap:
                    i-0abc1234def567890: web-1
                  sqs:
                    queue: %s
                    region: eu-west-1
                    endpoint: http://127.0.0.1:%d
                    credentials:
                      accessKeyId: { env: SQS_IT_KEY_ID }
                      secretAccessKey: { env: SQS_IT_SECRET }
                    messageFormat: sns
                    pollInterval: 100ms
                    waitTime: 1s
                    visibilityTimeout: 2s
                """.formatted(TOPIC, ACME_QUEUE, PORT);
    }

    /** Raw messages (SNS raw message delivery), queue named by name and looked up. */
    static String bravo() {
        return """
                id: bravo
                name: Bravo (raw SQS)
                ingest:
                  auth:
                    - type: bearer
                      token: { env: SQS_IT_BRAVO_TOKEN }
                hosts:
                  - id: db-1
                sns:
                  hostMap:
                    i-0bravo00000000001: db-1
                  sqs:
                    queue: bravo-alerts
                    region: eu-west-1
                    endpoint: http://127.0.0.1:%d
                    credentials:
                      accessKeyId: { env: SQS_IT_KEY_ID }
                      secretAccessKey: { env: SQS_IT_SECRET }
                    messageFormat: raw
                    pollInterval: 100ms
                    waitTime: 1s
                    visibilityTimeout: 2s
                """.formatted(PORT);
    }

    static void writeCustomer(String id, String yaml) throws Exception {
        Path folder = DIR.resolve("customers").resolve(id);
        Files.createDirectories(folder);
        // write then move, so the registry's poll never reads half a file
        Path tmp = Files.writeString(DIR.resolve(id + ".tmp"), yaml);
        Files.move(tmp, folder.resolve("customer.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        registry.add("alerthub.customers.dir", () -> DIR.resolve("customers").toString());
        registry.add("alerthub.sns.certificate-dir", () -> DIR.resolve("certs").toString());
    }

    @AfterAll
    void stop() throws Exception {
        // the hub's consumers first, so they do not poll a server that is gone
        for (String customer : List.of("acme", "bravo", "carol")) {
            if (camel.getRoute(SqsQueueRoutes.routeId(customer)) != null) {
                camel.getRouteController().stopRoute(SqsQueueRoutes.routeId(customer));
            }
        }
        SQS.close();
        SERVER.stopAndWait();
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

    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetClock() {
        clock.set(NOW);
    }

    @Test
    void cloudWatchAlarmThenOkThroughEitherQueueFireAndResolveOneIncidentOnTheMappedHost() throws Exception {
        String alarm = notification(alarm("ALARM", "i-0abc1234def567890"));
        String ok = notification(alarm("OK", "i-0abc1234def567890"));
        send(ACME_QUEUE, alarm);
        JsonNode firing = awaitAlert("acme", messageId(alarm));
        send(ACME_QUEUE, ok);
        JsonNode resolved = awaitAlert("acme", messageId(ok));

        assertThat(firing.path("status").asText()).isEqualTo("firing");
        assertThat(resolved.path("status").asText()).isEqualTo("resolved");
        assertThat(firing.path("resource").path("host").asText()).isEqualTo("web-1");
        assertThat(resolved.path("resource").path("host").asText()).isEqualTo("web-1");
        assertThat(firing.path("source").path("kind").asText()).isEqualTo("sqs");
        assertThat(firing.path("fingerprint").asText()).isEqualTo(ALARM_ARN);
        assertThat(resolved.path("incidentId").asText()).isEqualTo(firing.path("incidentId").asText());
        assertThat(get("/api/v1/incidents/" + firing.path("incidentId").asText()).path("state").asText())
                .isEqualTo("RESOLVED");
        awaitEmpty(ACME_QUEUE);

        // raw message delivery: the CloudWatch JSON itself, no envelope
        String rawAlarm = alarm("ALARM", "i-0bravo00000000001").replace("web-1-cpu", "db-1-cpu");
        String rawOk = alarm("OK", "i-0bravo00000000001").replace("web-1-cpu", "db-1-cpu");
        JsonNode rawFiring = awaitAlert("bravo", send(BRAVO_QUEUE, rawAlarm));
        JsonNode rawResolved = awaitAlert("bravo", send(BRAVO_QUEUE, rawOk));
        assertThat(rawFiring.path("status").asText()).isEqualTo("firing");
        assertThat(rawResolved.path("status").asText()).isEqualTo("resolved");
        assertThat(rawFiring.path("resource").path("host").asText()).isEqualTo("db-1");
        assertThat(rawResolved.path("incidentId").asText()).isEqualTo(rawFiring.path("incidentId").asText());
        awaitEmpty(BRAVO_QUEUE);
    }

    @Test
    void aRealSignedSnsMessageVerifiesThroughTheQueue() throws Exception {
        clock.set(Instant.parse("2015-09-20T01:22:15Z"));
        String sample = Files.readString(SnsVerifierTest.CORPUS.resolve("aws-sns/notification-sigv1-signed-javasdk.json"));
        send(ACME_QUEUE, sample);

        JsonNode alert = awaitAlert("acme", "d39649d4-bf5b-5b80-af75-07acb3dd9b4a");
        assertThat(alert.path("source").path("format").asText()).isEqualTo("sns-text");
        assertThat(alert.path("description").asText()).isEqualTo("boo");
        awaitEmpty(ACME_QUEUE);
    }

    @Test
    void aMessageLeavesTheQueueOnlyAfterTheInboxCommitted() throws Exception {
        double retriesBefore = retries();
        jdbc.execute("ALTER TABLE inbox RENAME TO inbox_offline");
        String sqsId;
        try {
            sqsId = send(BRAVO_QUEUE, alarm("ALARM", "i-0bravo00000000001").replace("web-1-cpu", "db-1-disk"));
            // two failed commits: the message was received, not stored, and came back after its visibility timeout
            await().atMost(Duration.ofSeconds(30)).until(() -> retries() >= retriesBefore + 2);
            assertThat(messagesIn(BRAVO_QUEUE)).isEqualTo(1);
            assertThat(alertsWithEventId("bravo", sqsId)).isEmpty();
        } finally {
            jdbc.execute("ALTER TABLE inbox_offline RENAME TO inbox");
        }
        JsonNode alert = awaitAlert("bravo", sqsId);
        assertThat(alert.path("name").asText()).isEqualTo("db-1-disk");
        awaitEmpty(BRAVO_QUEUE);
        assertThat(alertsWithEventId("bravo", sqsId)).hasSize(1);
    }

    @Test
    void aMessageDeliveredAgainIsStoredOnce() throws Exception {
        // SNS delivers one notification twice: two SQS messages, one SNS MessageId
        String alarm = notification(alarm("ALARM", "i-0abc1234def567890").replace("web-1-cpu", "web-1-mem"));
        send(ACME_QUEUE, alarm);
        send(ACME_QUEUE, alarm);
        awaitAlert("acme", messageId(alarm));
        awaitEmpty(ACME_QUEUE);
        assertThat(alertsWithEventId("acme", messageId(alarm))).hasSize(1);

        // the hub stops after the commit and before the delete: SQS delivers the same message again
        AtomicBoolean crashed = new AtomicBoolean();
        AdviceWith.adviceWith(camel, SqsQueueRoutes.routeId("bravo"), route -> route.weaveById("sqs-delete-bravo")
                .before().process(exchange -> {
                    if (crashed.compareAndSet(false, true)) {
                        throw new IllegalStateException("hub stopped between commit and delete");
                    }
                }));
        double duplicatesBefore = duplicates();
        String sqsId = send(BRAVO_QUEUE, alarm("ALARM", "i-0bravo00000000001").replace("web-1-cpu", "db-1-io"));
        awaitAlert("bravo", sqsId);
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
        awaitEmpty(BRAVO_QUEUE);
        assertThat(crashed).isTrue();
        assertThat(alertsWithEventId("bravo", sqsId)).hasSize(1);
    }

    @Test
    void forgedEnvelopesAndUnsignedJsonAreRejectedNotStored() throws Exception {
        clock.set(Instant.parse("2015-09-20T01:22:15Z"));
        ObjectNode sample = (ObjectNode) JSON.readTree(
                SnsVerifierTest.CORPUS.resolve("aws-sns/notification-sigv1-signed-javasdk.json").toFile());
        ObjectNode tampered = sample.deepCopy().put("MessageId", "forged-1").put("Message", alarm("OK", "i-0abc1234def567890"));
        ObjectNode otherTopic = sample.deepCopy().put("MessageId", "forged-2")
                .put("TopicArn", "arn:aws:sns:us-east-1:810605503585:not-listed");
        int alertsBefore = alerts("acme").size();

        send(ACME_QUEUE, tampered.toString());
        send(ACME_QUEUE, otherTopic.toString());
        send(ACME_QUEUE, alarm("OK", "i-0abc1234def567890")); // bare CloudWatch JSON on an SNS-envelope queue
        send(BRAVO_QUEUE, tampered.put("MessageId", "forged-3").toString()); // an envelope on a raw queue is verified too

        await().atMost(Duration.ofSeconds(30)).until(() -> rejected("acme").size() >= 3 && rejected("bravo").size() >= 1);
        assertThat(rejected("acme")).extracting(r -> r.path("reason").asText())
                .contains("sns_signature_invalid", "sns_topic_not_allowed", "sqs_unsigned_json");
        assertThat(rejected("acme")).allSatisfy(r -> assertThat(r.path("channel").asText()).isEqualTo("sqs"));
        assertThat(rejected("bravo")).extracting(r -> r.path("reason").asText()).contains("sns_topic_not_allowed");
        awaitEmpty(ACME_QUEUE);
        awaitEmpty(BRAVO_QUEUE);
        assertThat(alerts("acme")).hasSize(alertsBefore);
        assertThat(alertsWithEventId("acme", "forged-1")).isEmpty();
        assertThat(alertsWithEventId("bravo", "forged-3")).isEmpty();
    }

    @Test
    void aBodyThatIsNoJsonStillBecomesAnAlertOfClassUnknown() throws Exception {
        String text = "ディスク容量不足 on web-1: /var 97%";
        JsonNode fromSnsQueue = awaitAlert("acme", send(ACME_QUEUE, text));
        JsonNode fromRawQueue = awaitAlert("bravo", send(BRAVO_QUEUE, "{\"AlarmName\": truncated"));

        assertThat(fromSnsQueue.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(fromSnsQueue.path("description").asText()).isEqualTo(text);
        assertThat(fromSnsQueue.path("status").asText()).isEqualTo("firing");
        assertThat(fromRawQueue.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(fromRawQueue.path("description").asText()).isEqualTo("{\"AlarmName\": truncated");
        awaitEmpty(ACME_QUEUE);
        awaitEmpty(BRAVO_QUEUE);
    }

    @Test
    void aQueueRouteFollowsItsCustomerFile() throws Exception {
        String carol = bravo().replace("bravo", "carol").replace("BRAVO", "CAROL").replace("Bravo", "Carol")
                .replace("db-1", "app-1")
                .replace("i-0bravo00000000001", "i-0carol00000000001");
        writeCustomer("carol", carol);
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute(SqsQueueRoutes.routeId("carol")) != null);
        JsonNode alert = awaitAlert("carol", send(CAROL_QUEUE, alarm("ALARM", "i-0carol00000000001")));
        assertThat(alert.path("resource").path("host").asText()).isEqualTo("app-1");

        writeCustomer("carol", carol.substring(0, carol.indexOf("  sqs:")));
        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute(SqsQueueRoutes.routeId("carol")) == null);
        String unread = send(CAROL_QUEUE, alarm("OK", "i-0carol00000000001"));
        assertThat(messagesIn(CAROL_QUEUE)).isEqualTo(1);
        assertThat(alertsWithEventId("carol", unread)).isEmpty();
    }

    // ---- messages ---------------------------------------------------------------------------------------------------

    static String alarm(String state, String instanceId) {
        return "{\"AlarmName\":\"web-1-cpu\",\"AlarmDescription\":\"cpu high\",\"AWSAccountId\":\"123456789012\","
                + "\"NewStateValue\":\"" + state + "\",\"NewStateReason\":\"Threshold Crossed\","
                + "\"StateChangeTime\":\"2024-05-01T10:00:00.000+0000\",\"Region\":\"EU (Ireland)\","
                + "\"AlarmArn\":\"" + ALARM_ARN + "\","
                + "\"OldStateValue\":\"OK\",\"Trigger\":{\"MetricName\":\"CPUUtilization\",\"Namespace\":\"AWS/EC2\","
                + "\"Dimensions\":[{\"value\":\"" + instanceId + "\",\"name\":\"InstanceId\"}]}}";
    }

    /** An SNS envelope of {@code message} on {@link #TOPIC}, signed by the test leaf pinned at PINNED_URL. */
    static String notification(String message) {
        SnsMessage m = new SnsMessage("Notification", "msg-" + System.nanoTime(), TOPIC, "CloudWatch alarm", message,
                NOW.toString(), "2", null, PINNED_URL, null, null, null);
        return JSON.createObjectNode().put("Type", m.type()).put("MessageId", m.messageId()).put("TopicArn", m.topicArn())
                .put("Subject", m.subject()).put("Message", m.message()).put("Timestamp", m.timestamp())
                .put("SignatureVersion", m.signatureVersion()).put("Signature", TestPki.sign(m, LEAF.keys().getPrivate()))
                .put("SigningCertURL", m.signingCertUrl()).toString();
    }

    static String messageId(String envelope) throws Exception {
        return JSON.readTree(envelope).path("MessageId").asText();
    }

    /** Sends a message; returns its SQS message id. */
    static String send(String queueUrl, String body) {
        return SQS.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)).messageId();
    }

    /** Messages in the queue, visible or received and not yet deleted. */
    static int messagesIn(String queueUrl) {
        var attributes = SQS.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static void awaitEmpty(String queueUrl) {
        await().atMost(Duration.ofSeconds(30)).until(() -> messagesIn(queueUrl) == 0);
    }

    private double retries() {
        return meters.counter("alerthub.sqs.messages", "outcome", "retry").count();
    }

    private double duplicates() {
        return meters.counter("alerthub.intake.duplicates", "format", SqsIngest.RAW_FORMAT).count();
    }

    // ---- what an operator sees through the API ---------------------------------------------------------------------

    private JsonNode awaitAlert(String customer, String eventId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> alertsWithEventId(customer, eventId),
                found -> !found.isEmpty()).get(0);
    }

    private List<JsonNode> alertsWithEventId(String customer, String eventId) throws Exception {
        return alerts(customer).stream().filter(a -> a.path("source").path("eventId").asText().equals(eventId)).toList();
    }

    private List<JsonNode> alerts(String customer) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        get("/api/v1/alerts?customer=" + customer + "&limit=500").path("items").forEach(list::add);
        return list;
    }

    private List<JsonNode> rejected(String customer) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        get("/api/v1/rejected?customer=" + customer + "&limit=100").path("items").forEach(list::add);
        return list;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "demo:demo".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
